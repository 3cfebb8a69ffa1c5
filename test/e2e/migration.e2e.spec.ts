import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli-process';
import { EsdbDouble, startEsdbDouble } from '../support/esdb-double/server';
import { MongoDouble, startMongoDouble } from '../support/mongo-double/server';
import { advance, buyMonthly } from './service/flows';
import { ServiceProcess, until, WorkerAppProcess } from './service/service-process';

/** Positions belong to each store (SQLite numbers, EventStoreDB commit/prepare pairs): everything else must be equal. */
function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'position')
      .map(([key, member]) => [key, withoutPositions(member)]),
  );
}

/**
 * The way up (README "Moving to EventStoreDB and MongoDB"): a log built by the embedded
 * service, copied by `migrate-log` into EventStoreDB, read models rebuilt into MongoDB by
 * `rebuild`, then the docker-compose topology (api --api-only + a worker) on those stores
 * answers as the embedded service did. Both servers are the project's wire doubles.
 */
describe('migrate-log then rebuild: the embedded service moved to EventStoreDB + MongoDB (doubles) answers the same', () => {
  let dataDir: string;
  let esdb: EsdbDouble;
  let mongo: MongoDouble;
  const started: Array<ServiceProcess | WorkerAppProcess> = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-migration-'));
    [esdb, mongo] = await Promise.all([startEsdbDouble(), startMongoDouble()]);
  });
  afterAll(async () => {
    await Promise.all(started.splice(0).map((process) => process.kill()));
    await Promise.allSettled([esdb.stop(), mongo.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('customers, subscription lists, a subscription, its history, the ledger, the dashboard, analytics and the event feed: equal JSON apart from positions', async () => {
    const embedded = await ServiceProcess.start(dataDir, 60_000, { env: { TEST_CLOCK: 'enabled' } });
    started.push(embedded);
    const token = await embedded.token('partner-moving', ['global-admin']);
    const kept = await buyMonthly(embedded, token, 'Kept');
    const suspended = await buyMonthly(embedded, token, 'Suspended');
    const cancelled = await buyMonthly(embedded, token, 'Cancelled');
    expect((await embedded.request('POST', `/v1/subscriptions/${suspended.subscriptionId}/suspend`, { token, body: { reason: 'other' } })).status).toBe(200);
    expect((await embedded.request('POST', `/v1/subscriptions/${cancelled.subscriptionId}/cancel`, { token })).status).toBe(200);
    await advance(embedded, token, 'P32D'); // renewals fired through the test clock
    const now: string = (await embedded.request('GET', '/v1/test-clock', { token })).body.now;
    const month = now.slice(0, 7);

    const paths = [
      '/v1/customers',
      ...[kept, suspended, cancelled].flatMap(({ customerId, subscriptionId, orderId }) => [
        `/v1/customers/${customerId}`,
        `/v1/customers/${customerId}/subscriptions`,
        `/v1/customers/${customerId}/orders/${orderId}`,
        `/v1/customers/${customerId}/ledger`,
        `/v1/subscriptions/${subscriptionId}`,
        `/v1/subscriptions/${subscriptionId}/history`,
      ]),
      `/v1/customers/${kept.customerId}/subscriptions?status=active`,
      '/v1/dashboard/summary',
      `/v1/analytics/monthly?from=${month}&to=${month}`,
      `/v1/analytics/monthly?from=${month}&to=${month}&customerId=${cancelled.customerId}`,
      '/v1/events?limit=1000',
    ];
    const answers = async (service: ServiceProcess): Promise<Record<string, unknown>> => {
      const head: string = (await service.request('GET', '/health')).body.details.eventStore.head;
      const result: Record<string, unknown> = {};
      for (const path of paths) {
        const answer = await service.request('GET', `${path}${path.includes('?') ? '&' : '?'}consistentWith=${encodeURIComponent(head)}`, { token });
        expect({ path, status: answer.status }).toEqual({ path, status: 200 });
        result[path] = withoutPositions(answer.body);
      }
      return result;
    };
    const before = await answers(embedded);
    // What is compared holds what the log made: three customers, a renewal, a suspension, a cancellation's credit.
    expect(before['/v1/customers']).toMatchObject({ items: [{}, {}, {}] });
    expect(JSON.stringify(before[`/v1/subscriptions/${kept.subscriptionId}/history`])).toContain('SubscriptionRenewed');
    expect(before[`/v1/subscriptions/${suspended.subscriptionId}`]).toMatchObject({ status: 'suspended' });
    expect(JSON.stringify(before[`/v1/customers/${cancelled.customerId}/ledger`])).toContain('"kind":"credit"');
    expect((before['/v1/events?limit=1000'] as { items: unknown[] }).items.length).toBeGreaterThan(10);
    await embedded.stop();

    const migrated = await runCli(['migrate-log', '--to', esdb.url], { DATA_DIR: dataDir });
    expect(migrated.stdout).toMatch(/^verified: the target holds the same \d+ events in the same order/m);
    expect(migrated.code).toBe(0);
    const stores = { EVENTSTORE_URL: esdb.url, MONGODB_URL: mongo.url.replace('/?', `/ledger_moved_${process.pid}?`) };
    const emptyDataDir = join(dataDir, 'unused');
    const rebuilt = await runCli(['rebuild'], { ...stores, DATA_DIR: emptyDataDir });
    expect({ code: rebuilt.code, stderr: rebuilt.code === 0 ? '' : rebuilt.stderr }).toEqual({ code: 0, stderr: '' });
    expect(rebuilt.stdout).toMatch(/rebuilt up to \d{20}\/\d{20}/);

    const env = { ...stores, TEST_CLOCK: 'enabled' };
    const api = await ServiceProcess.start(emptyDataDir, 60_000, { args: ['--api-only'], env });
    started.push(api);
    const worker = await WorkerAppProcess.start(emptyDataDir, { env });
    started.push(worker);
    const health = (await api.request('GET', '/health')).body.details;
    expect([health.eventStore.mode, health.readStore.mode]).toEqual(['eventstoredb', 'mongodb']);
    await until(async () => (await api.request('GET', '/health')).body?.details?.workerLease?.holder, 30_000, 'the worker to take the lease');
    // The test clock is kept beside the read models, not in the log: bring it to where the embedded one stood.
    expect((await api.request('POST', '/v1/test-clock/advance', { token, body: { to: now } })).status).toBe(200);

    expect(await answers(api)).toEqual(before);
  }, 300_000);
});
