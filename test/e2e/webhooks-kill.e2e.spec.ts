import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEVELOPMENT_JWT_SECRET } from '@ledger/infrastructure';
import { freePort, killGroup, SERVICE_ARGS, until as untilWithin } from './service/service-process';

/** The probes of this file, every 100 ms. */
const until = <T>(probe: () => Promise<T | null>, timeoutMs: number, what: string) => untilWithin(probe, timeoutMs, what, 100);

const ROOT = join(__dirname, '..', '..');

/**
 * The whole service (api + worker) as a child process, so it can be killed with SIGKILL.
 * It runs from the sources through test/e2e/service/run-ts.js (tsx cannot run Nest: no decorator metadata).
 */
function startService(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, SERVICE_ARGS, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, TEST_CLOCK: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true, // kill -9 takes its worker process down too (killGroup)
  });
}

describe('webhook deliveries survive kill -9 (R22)', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  let receiver: Server;
  const held: ServerResponse[] = [];
  const delivered = new Map<string, number>();
  let answering = false;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-webhook-kill-'));
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        if (!answering) {
          held.push(res); // never answered: in flight when the service dies
          return;
        }
        delivered.set(id, (delivered.get(id) ?? 0) + 1);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  }, 180_000);
  afterAll(async () => {
    if (child && child.exitCode === null) killGroup(child);
    for (const res of held) res.destroy();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('R22: deliveries in flight or not yet planned when the service is killed are all delivered after a restart, none skipped', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const token = await new SignJWT({ pid: 'p-kill', roles: ['global-admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, body: (await response.json().catch(() => null)) as { items?: Array<{ id: string }> } | null };
    };

    child = startService(dir, port);
    await until(async () => ((await fetch(`${base}/health`)).ok ? true : null), 60_000, 'the service to start');
    const { address, port: receiverPort } = receiver.address() as AddressInfo;
    expect((await call('POST', '/v1/webhook-endpoints', { url: `http://${address}:${receiverPort}/hook`, eventTypes: ['*'] })).status).toBe(201);
    for (let i = 0; i < 10; i++) expect((await call('POST', '/v1/customers', { name: `Kill ${i}`, billingCountry: 'TW', segment: 'commercial' })).status).toBe(201);
    await until(async () => (held.length > 0 ? true : null), 20_000, 'a delivery in flight');
    killGroup(child);
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(delivered.size).toBe(0);

    answering = true;
    child = startService(dir, port);
    await until(async () => ((await fetch(`${base}/health`)).ok ? true : null), 60_000, 'the service to restart');
    const feed = await until(async () => {
      const page = await call('GET', '/v1/events?types=CustomerCreated');
      return page.body?.items?.length === 10 ? page.body.items : null;
    }, 20_000, 'the feed');
    const expected = feed.map((e) => e.id).sort();
    await until(async () => (expected.every((id) => delivered.has(id)) ? true : null), 30_000, 'every delivery');
    expect([...delivered.keys()].sort()).toEqual(expected);
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  }, 180_000);
});
