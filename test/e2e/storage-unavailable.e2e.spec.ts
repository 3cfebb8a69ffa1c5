import { EVENT_STORE, EventStore, verifyLog } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { TestApi } from './harness/test-api';

/**
 * A full disk, provoked with PRAGMA max_page_count on the SQLite writer's connection
 * (SqliteEventStore.capGrowth): the file may not grow, so appends fail with SQLITE_FULL
 * exactly as on a full disk.
 */
describe('storage unavailable: a full disk on append', () => {
  let api: TestApi;
  let store: SqliteEventStore;
  let token: string;

  beforeAll(async () => {
    api = await TestApi.start();
    const eventStore = api.app.get<EventStore>(EVENT_STORE);
    if (!(eventStore instanceof SqliteEventStore)) throw new Error('this test needs the SQLite event store');
    store = eventStore;
    token = await api.token('partner-a', ['admin-agent']);
  });
  afterAll(() => api.stop());

  const createCustomer = (i: number) =>
    api.request('POST', '/v1/customers', { token, body: { name: `Customer ${i} ${'x'.repeat(150)}`, billingCountry: 'TW', segment: 'commercial' } });

  it('answers 503 storage-unavailable with Retry-After, /health/ready goes down and /health/live stays up; nothing acknowledged is lost', async () => {
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
    expect((await api.request('GET', '/health/live')).status).toBe(200);

    // A few pages of room: some writes are acknowledged before the file is full (with none, it can be full at once).
    await store.capGrowth(4);
    const acknowledged: Array<{ id: string; position: string }> = [];
    let refused: Awaited<ReturnType<typeof createCustomer>> | null = null;
    // Batches of concurrent writes (they share group commits) until the file is full.
    for (let batch = 0; batch < 40 && !refused; batch++) {
      const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => createCustomer(batch * 5 + i)));
      for (const answer of answers) {
        if (answer.status === 201) acknowledged.push(answer.body);
        else refused ??= answer;
      }
    }
    expect(refused).not.toBeNull();
    expect(refused!.status).toBe(503);
    expect(refused!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused!.body).toMatchObject({ status: 503, code: 'storage-unavailable' });

    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.eventStore).toMatchObject({ status: 'down', error: expect.stringContaining('SQLITE_FULL') });
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    const health = await api.request('GET', '/health');
    expect(health.status).toBe(503);
    expect(Object.keys(health.body.details).sort()).toEqual(['eventStore', 'logConsumer', 'readStore', 'workerLease']);
    expect(health.body.details.eventStore).toMatchObject({ mode: 'sqlite', status: 'down' });

    await store.capGrowth(null);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
    const after = await createCustomer(999);
    expect(after.status).toBe(201);

    // Every acknowledged write is in the log, at the position it was acknowledged with.
    const logged = new Map<string, string>();
    for await (const batch of store.readAll()) for (const event of batch) if (event.type === 'CustomerCreated') logged.set(event.position, event.stream);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, position } of acknowledged) expect(logged.get(position)).toBe(`customer-${id}`);
    expect(await verifyLog(store)).toMatchObject({ broken: 0, unhashed: 0 });
  }, 60_000);

  it('the 503 not-caught-up of ?consistentWith= carries Retry-After', async () => {
    const answer = await api.request('GET', `/v1/customers?consistentWith=9999999999999999`, { token });
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('not-caught-up');
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
  }, 20_000);
});
