import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseAppConfig } from '@ledger/infrastructure';
import { createApi } from '../../apps/api/src/create-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('production authentication through AUTH_JWKS_URL', () => {
  let jwks: Server;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let dataDir: string;
  let privateKey: KeyLike;
  let otherKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-jwks-'));
    const config = parseAppConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` });
    app = await createApi(config, { withWorker: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwks.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  const sign = (key: KeyLike, kid = 'k1') =>
    new SignJWT({ pid: 'partner-a', roles: ['global-admin'] }).setProtectedHeader({ alg: 'RS256', kid }).setSubject('alice').setIssuedAt().setExpirationTime('5m').sign(key);
  const status = async (token: string) => (await fetch(`${baseUrl}/v1/customers`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('R2: accepts a token signed by a key of the JWKS and refuses one signed by any other key', async () => {
    expect(await status(await sign(privateKey))).toBe(200);
    expect(await status(await sign(otherKey))).toBe(401);
  });

  it('R2: in production the development HS256 secret is not accepted', async () => {
    const forged = await new SignJWT({ pid: 'partner-a', roles: ['global-admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .sign(new TextEncoder().encode('development-secret-not-for-production'));
    expect(await status(forged)).toBe(401);
  });
});
