import { ALL_PROJECTIONS, counterContributions, EVENT_STORE, EventStore, findAll, ReadDocument, rebuildProjections, ReadStore, verifyProjections } from '@ledger/application';
import { canonicalJson } from '@ledger/application/operations/rebuild-projections';
import { READ_STORE_ADAPTERS } from '../support/read-store-adapters';
import { fixture } from './harness/route-table';
import { TestApi } from './harness/test-api';

interface Replayed {
  documents: Record<string, string[]>;
  counters: Record<string, string>;
}

/** Every projection's documents (canonical JSON, in id order) and every counter key its documents contribute to. */
async function contents(readStore: ReadStore): Promise<Replayed> {
  const replayed: Replayed = { documents: {}, counters: {} };
  for (const projection of ALL_PROJECTIONS) {
    const docs = await findAll<ReadDocument>(readStore, projection.collection, {});
    replayed.documents[projection.name] = docs.map(canonicalJson).sort();
    const keys = new Set(docs.flatMap((doc) => counterContributions(projection.counters?.(doc)).map((share) => share.key)));
    for (const key of [...keys].sort()) replayed.counters[`${projection.name}/${key}`] = canonicalJson(await readStore.counters(projection.collection, key));
  }
  return replayed;
}

/**
 * The real projections over one log built through the application (orders, a suspension, a
 * cancellation, renewals fired by the test clock, a webhook endpoint), replayed into each read
 * store through the read-store port: the MongoDB adapter (on the wire double) must hold what the
 * embedded one holds, document for document and counter for counter.
 */
describe('every projection replayed into each read store gives the same documents and counters', () => {
  let api: TestApi;
  let eventStore: EventStore;

  beforeAll(async () => {
    api = await TestApi.start();
    const a = await fixture(api, 'partner-a');
    const b = await fixture(api, 'partner-b');
    const tokenA = await api.token('partner-a', ['global-admin']);
    const tokenB = await api.token('partner-b', ['global-admin']);
    expect((await api.request('POST', `/v1/subscriptions/${a.subscriptionId}/suspend`, { token: tokenA, body: { reason: 'other' } })).status).toBe(200);
    expect((await api.request('POST', `/v1/subscriptions/${b.subscriptionId}/cancel`, { token: tokenB })).status).toBe(200);
    expect((await api.request('POST', '/v1/webhook-endpoints', { token: tokenB, body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] } })).status).toBe(201);
    await fixture(api, 'partner-c');
    expect((await api.request('POST', '/v1/test-clock/advance', { token: tokenA, body: { by: 'P32D' } })).status).toBe(200);
    eventStore = api.app.get(EVENT_STORE);
  }, 120_000);
  afterAll(() => api.stop());

  it('R21: the MongoDB adapter (wire double; and the real server with MONGODB_URL) holds exactly what the embedded store holds after a rebuild, and verify finds nothing to report on either', async () => {
    const replays: Record<string, Replayed> = {};
    for (const adapter of READ_STORE_ADAPTERS) {
      const opened = await adapter.open();
      try {
        const stores = { eventStore, readStore: opened.store };
        await rebuildProjections(stores, ALL_PROJECTIONS);
        replays[adapter.name] = await contents(opened.store);
        for (const report of await verifyProjections(stores, ALL_PROJECTIONS)) {
          expect({ adapter: adapter.name, ...report, checked: undefined }).toEqual({ adapter: adapter.name, projection: report.projection, checked: undefined, missing: [], extra: [], different: [], counters: [] });
        }
      } finally {
        await opened.cleanup();
      }
    }
    const [embedded, ...others] = READ_STORE_ADAPTERS.map((adapter) => ({ adapter: adapter.name, ...replays[adapter.name] }));
    expect(Object.values(embedded.documents).filter((docs) => docs.length > 0).length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(embedded.counters).length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) {
      for (const { name } of ALL_PROJECTIONS) expect({ adapter: other.adapter, name, documents: other.documents[name] }).toEqual({ adapter: other.adapter, name, documents: embedded.documents[name] });
      expect(other.counters).toEqual(embedded.counters);
    }
  }, 120_000);
});
