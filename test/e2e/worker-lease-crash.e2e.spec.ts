import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WorkerLease } from '@ledger/worker';
import { ServiceProcess } from './service/service-process';
import { TestApi } from './harness/test-api';

/** Issue 11: after kill -9, the first read-your-write answer comes within 3 s. */
const READ_YOUR_WRITE_BUDGET_MS = 3000;

interface Requester {
  request(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
}

async function createCustomer(api: Requester, token: string, name: string): Promise<{ id: string; position: string }> {
  const created = await api.request('POST', '/v1/customers', { token, body: { name, billingCountry: 'TW', segment: 'commercial' } });
  expect(created.status).toBe(201);
  return created.body as { id: string; position: string };
}

/** GET with `?consistentWith=`: the server holds it until its read models reach the position (503 after 5 s). */
async function readYourWrite(api: Requester, token: string, write: { id: string; position: string }): Promise<void> {
  const read = await api.request('GET', `/v1/customers/${write.id}?consistentWith=${write.position}`, { token });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id: write.id });
}

async function leaseHolder(api: Requester): Promise<{ owner: string; expiresAt: number | null } | null> {
  const health = (await api.request('GET', '/health')).body as { details: { workerLease: { holder: { owner: string; expiresAt: number | null } | null } } };
  return health.details.workerLease.holder;
}

describe('worker lease after a crash (kill -9 of the holder)', () => {
  const services: ServiceProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const service of services.splice(0)) await service.kill();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function dataDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-lease-crash-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async function startService(dir: string): Promise<ServiceProcess> {
    const service = await ServiceProcess.start(dir);
    services.push(service);
    return service;
  }

  it('the service restarted after kill -9 holds the lease at once: its first read-your-write answers within 3 s', async () => {
    const dir = await dataDir();
    const crashed = await startService(dir);
    const token = await crashed.token('partner-a', ['admin-agent']);
    const crashedHolder = await leaseHolder(crashed);
    expect(crashedHolder).toMatchObject({ expiresAt: null });
    const beforeCrash = await createCustomer(crashed, token, 'Written just before the crash');
    await crashed.kill();
    const killedAt = performance.now();

    const restarted = await startService(dir);
    const answeringAt = performance.now();
    const holder = await leaseHolder(restarted);
    expect(holder).toMatchObject({ expiresAt: null }); // no lease wait at all
    expect(holder?.owner).not.toBe(crashedHolder?.owner);
    await readYourWrite(restarted, token, beforeCrash);
    const firstAnswer = performance.now() - answeringAt;
    await readYourWrite(restarted, token, await createCustomer(restarted, token, 'Written after the restart'));
    console.log(
      `restart after kill -9: first read-your-write answered ${firstAnswer.toFixed(0)} ms after the restarted service answered /health ` +
        `(${(performance.now() - killedAt).toFixed(0)} ms after the kill, process start included)`,
    );
    expect(firstAnswer).toBeLessThan(READ_YOUR_WRITE_BUDGET_MS);
  }, 180_000);

  it('a second process on the same DATA_DIR takes over from a killed holder: its read-your-write answers within 3 s of the kill', async () => {
    const dir = await dataDir();
    const holder = await startService(dir);
    const standby = await TestApi.start({ dataDir: dir });
    cleanups.push(() => standby.stop({ keepData: true }));
    const lease = standby.app.get(WorkerLease);
    const token = await standby.token('partner-a', ['admin-agent']);
    expect(lease.isHolding).toBe(false);
    const holderBefore = await leaseHolder(standby);
    expect(holderBefore).toMatchObject({ expiresAt: null });
    expect(holderBefore?.owner).not.toBe(lease.owner);
    expect(await leaseHolder(holder)).toEqual(holderBefore);

    await holder.kill();
    const killedAt = performance.now();
    await readYourWrite(standby, token, await createCustomer(standby, token, 'Written after the holder died'));
    const sinceKill = performance.now() - killedAt;
    console.log(`second process after kill -9 of the holder: read-your-write answered ${sinceKill.toFixed(0)} ms after the kill`);
    expect(lease.isHolding).toBe(true);
    expect(sinceKill).toBeLessThan(READ_YOUR_WRITE_BUDGET_MS);
    expect(await leaseHolder(standby)).toEqual({ owner: lease.owner, expiresAt: null });
  }, 180_000);
});
