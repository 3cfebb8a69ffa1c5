import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ALL_PROJECTIONS, EVENT_STORE, EventStore, exportEvents, READ_STORE, ReadStore, rebuildProjection, verifyProjection } from '@ledger/application';
import { TestApi } from './harness/test-api';
import { fixture, headPosition } from './harness/route-table';

const ROOT = join(__dirname, '..', '..');

describe('R21 operator tools: export, rebuild, verify', () => {
  let api: TestApi;
  let stores: { eventStore: EventStore; readStore: ReadStore };
  let customerA: string;

  beforeAll(async () => {
    api = await TestApi.start();
    customerA = (await fixture(api, 'partner-a')).customerId;
    const b = await fixture(api, 'partner-b');
    const token = await api.token('partner-b', ['global-admin']);
    await api.request('POST', `/v1/subscriptions/${b.subscriptionId}/cancel`, { token });
    // So that the webhook endpoints read model (R22) has a document to verify too.
    await api.request('POST', '/v1/webhook-endpoints', { token, body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] } });
    const head = await headPosition(api);
    await api.request('GET', `/v1/customers?consistentWith=${head}`, { token });
    stores = { eventStore: api.app.get(EVENT_STORE), readStore: api.app.get(READ_STORE) };
  });
  afterAll(() => api.stop());

  it('R21: every read model rebuilt from the log equals the live one, document for document', async () => {
    for (const projection of ALL_PROJECTIONS) {
      const report = await verifyProjection(stores, projection);
      expect(report).toMatchObject({ missing: [], extra: [], different: [] });
      expect(report.checked).toBeGreaterThan(0);
    }
  });

  it('R21: verify notices a tampered document, and a rebuild repairs it', async () => {
    const projection = ALL_PROJECTIONS.find((p) => p.name === 'subscriptions')!;
    const [doc] = (await stores.readStore.find('subscriptions', {}, { limit: 1 })).items;
    await stores.readStore.commit({ writes: [{ collection: 'subscriptions', doc: { ...doc, status: 'tampered', _position: '9999999999999999' } }] });
    expect((await verifyProjection(stores, projection)).different).toEqual([doc.id]);
    await rebuildProjection(stores, projection);
    expect(await verifyProjection(stores, projection)).toMatchObject({ missing: [], extra: [], different: [] });
    expect((await stores.readStore.get('subscriptions', doc.id))?.status).not.toBe('tampered');
  });

  it('R21: export writes the whole log as NDJSON in order, or one customer\'s streams', async () => {
    const lines: string[] = [];
    const count = await exportEvents(stores.eventStore, (line) => void lines.push(line));
    const events = lines.map((line) => JSON.parse(line));
    expect(count).toBe(events.length);
    expect(events.at(-1).position).toBe(await stores.eventStore.headPosition());
    expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort());
    const mine: string[] = [];
    await exportEvents(stores.eventStore, (line) => void mine.push(line), { customerId: customerA });
    const streams = new Set(mine.map((line) => JSON.parse(line).stream));
    expect([...streams].sort()).toEqual([`customer-${customerA}`, expect.stringMatching(/^subscription-/)]);
  });

  it('R21: the CLI verifies a data directory and says OK per read model', async () => {
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'apps/cli/src/main.ts'), 'verify', '--projection', 'customers'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: api.config.dataDir, NODE_ENV: 'test' },
    });
    expect(stdout).toMatch(/^customers: OK \(\d+ documents identical\)/m);
  }, 60_000);
});
