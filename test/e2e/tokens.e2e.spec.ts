import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { base64url, decodeJwt, exportJWK, generateKeyPair, KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseAppConfig } from '@ledger/infrastructure';
import { createApi } from '../../apps/api/src/create-api';
import { TestApi } from './harness/test-api';

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);
const claims = { pid: 'partner-a', roles: ['global-admin'] };

/** API.md "Errors": tokens must carry exp; iat at most 24 h old, not beyond 60 s in the future; allow-listed algorithms. */
describe('bearer token rules (secret path)', () => {
  let api: TestApi;
  let secret: Uint8Array;

  beforeAll(async () => {
    api = await TestApi.start();
    secret = new TextEncoder().encode(api.config.auth.jwtSecret!);
  });
  afterAll(() => api.stop());

  const answer = (token: string) => api.request('GET', '/v1/customers', { token });
  const hs256 = () => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u');

  async function expectUnauthenticated(token: string): Promise<void> {
    const refused = await answer(token);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('unauthenticated');
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  }

  it('R2: a token with iat and exp is accepted, also when its iat is within 60 s of clock skew ahead', async () => {
    expect((await answer(await hs256().setIssuedAt().setExpirationTime('5m').sign(secret))).status).toBe(200);
    expect((await answer(await hs256().setIssuedAt(now() + 30).setExpirationTime('5m').sign(secret))).status).toBe(200);
  });

  it('R2: a token without exp is 401', async () => {
    await expectUnauthenticated(await hs256().setIssuedAt().sign(secret));
  });

  it('R2: a token without iat is 401', async () => {
    await expectUnauthenticated(await hs256().setExpirationTime('5m').sign(secret));
  });

  it('R2: a token issued more than 24 h ago is 401 even when exp is still ahead', async () => {
    await expectUnauthenticated(await hs256().setIssuedAt(now() - 25 * HOUR).setExpirationTime(now() + HOUR).sign(secret));
  });

  it('R2: a token issued in the future beyond 60 s of skew (a year ahead) is 401', async () => {
    await expectUnauthenticated(await hs256().setIssuedAt(now() + 365 * 24 * HOUR).setExpirationTime(now() + 366 * 24 * HOUR).sign(secret));
    await expectUnauthenticated(await hs256().setIssuedAt(now() + 120).setExpirationTime('1h').sign(secret));
  });

  it('R2: the secret path takes HS256 only: HS512 with the same secret and an unsigned ("none") token are 401', async () => {
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).setSubject('u').setIssuedAt().setExpirationTime('5m').sign(secret);
    await expectUnauthenticated(hs512);
    const unsigned = new UnsecuredJWT(claims).setSubject('u').setIssuedAt().setExpirationTime('5m').encode();
    await expectUnauthenticated(unsigned);
  });
});

describe('bearer token rules (JWKS path)', () => {
  let jwks: Server;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let dataDir: string;
  let privateKey: KeyLike;
  const sharedKey = randomBytes(32);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    // A JWKS that also (wrongly) publishes a symmetric key: it must never verify anything.
    const keys = [
      { ...(await exportJWK(pair.publicKey)), kid: 'ec', use: 'sig' },
      { kty: 'oct', k: base64url.encode(sharedKey), kid: 'oct', use: 'sig' },
    ];
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-tokens-'));
    const config = parseAppConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` });
    app = await createApi(config, { withWorker: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwks.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  const status = async (token: string) => (await fetch(`${baseUrl}/v1/customers`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('R2: an ES256 token from the JWKS with iat and exp is accepted; without exp or iat it is 401', async () => {
    const es256 = () => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'ec' }).setSubject('u');
    expect(await status(await es256().setIssuedAt().setExpirationTime('5m').sign(privateKey))).toBe(200);
    expect(await status(await es256().setIssuedAt().sign(privateKey))).toBe(401);
    expect(await status(await es256().setExpirationTime('5m').sign(privateKey))).toBe(401);
    expect(await status(await es256().setIssuedAt(now() - 25 * HOUR).setExpirationTime('1h').sign(privateKey))).toBe(401);
  });

  it('R2: the JWKS path takes asymmetric algorithms only: HS256 with a key the JWKS publishes and "none" are 401', async () => {
    const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'oct' }).setSubject('u').setIssuedAt().setExpirationTime('5m').sign(sharedKey);
    expect(await status(hs256)).toBe(401);
    expect(await status(new UnsecuredJWT(claims).setSubject('u').setIssuedAt().setExpirationTime('5m').encode())).toBe(401);
  });
});

describe('npm run token', () => {
  it('R2: mints a token with iat (now) and exp at most 24 h later', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--partner', 'partner-a', '--role', 'sales-agent'], {
      env: { ...process.env, NODE_ENV: 'development', AUTH_JWT_SECRET: '' },
    });
    const payload = decodeJwt(stdout.trim());
    expect(typeof payload.iat).toBe('number');
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(24 * HOUR);
    expect(Math.abs(payload.iat! - now())).toBeLessThan(60);
  }, 30_000);
});
