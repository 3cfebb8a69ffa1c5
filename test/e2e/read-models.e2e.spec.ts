import { LOG_CONSUMER_STATUS, LogConsumerStatus } from '@ledger/application';
import { TestApi, T0 } from './harness/test-api';

const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

/** The dashboard's counters and windows, the ledger's pages and the lists' cursors, over HTTP. */
describe('read models shaped by their queries', () => {
  let api: TestApi;
  let admin: string;
  let customerId: string;
  let last = '';

  beforeAll(async () => {
    api = await TestApi.start({ now: T0 });
    admin = await api.token('partner-dash', ['admin-agent']);
    const created = await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Fabrikam', billingCountry: 'TW', segment: 'commercial' } });
    customerId = created.body.id;
  });
  afterAll(() => api.stop());

  let keys = 0;
  async function buy(offerId: string, quantity: number) {
    const answer = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': `dash-${++keys}` }, body: { lines: [{ offerId, quantity }] } });
    expect(answer.status).toBe(201);
    last = answer.body.position;
    return answer.body.subscriptions[0].id as string;
  }
  async function command(path: string, body?: unknown) {
    const answer = await api.request('POST', path, { token: admin, body });
    expect(answer.status).toBe(200);
    last = answer.body.position;
    return answer.body;
  }
  const get = (path: string) => api.request('GET', `${path}${path.includes('?') ? '&' : '?'}consistentWith=${last}`, { token: admin });
  const summary = async () => (await get('/v1/dashboard/summary')).body;

  let monthlyA: string;
  let annualStandard: string;

  it('counts by status, MRR in exact cents (trials and suspended count zero), from counters kept by the projection', async () => {
    monthlyA = await buy('m365-business-basic-monthly', 5);
    await buy('m365-business-basic-monthly', 5);
    await buy('contoso-crm-saas-monthly', 1);
    const annual = await buy('m365-business-basic-annual', 1);
    await command(`/v1/subscriptions/${annual}/suspend`, { reason: 'non-payment' });
    const now = await summary();
    expect(now.countsByStatus).toEqual({ active: 3, suspended: 1, cancelled: 0, expired: 0, deleted: 0 });
    expect(now.monthlyRecurringRevenue).toEqual({ amount: '72.00', currency: 'USD' });
    expect(now.trialsEndingWithin7Days).toBe(0);
    expect(now.pendingDataDeletionWithin14Days).toBe(0);

    await command(`/v1/subscriptions/${monthlyA}/cancel`);
    const after = await summary();
    expect(after.countsByStatus).toEqual({ active: 2, suspended: 1, cancelled: 1, expired: 0, deleted: 0 });
    expect(after.monthlyRecurringRevenue).toEqual({ amount: '36.00', currency: 'USD' });
  });

  it('windows are range counts at the clock: trials ending within 7 days, scheduled cancellations', async () => {
    annualStandard = await buy('m365-business-standard-annual', 1);
    api.clock.set(days(24));
    const cancelled = await command(`/v1/subscriptions/${annualStandard}/cancel`);
    expect(cancelled.outcome).toBe('scheduled');
    const later = await summary();
    expect(later.trialsEndingWithin7Days).toBe(1);
    expect(later.scheduledCancellations).toBe(1);
    // Still active until its term end: 36.00 + 150.00 / 12.
    expect(later.monthlyRecurringRevenue).toEqual({ amount: '48.50', currency: 'USD' });
    expect(later.pendingDataDeletionWithin14Days).toBe(0);
  });

  it('R1: another partner sees none of these figures', async () => {
    const other = await api.token('partner-elsewhere', ['global-admin']);
    const theirs = (await api.request('GET', `/v1/dashboard/summary?consistentWith=${last}`, { token: other })).body;
    expect(theirs.countsByStatus).toEqual({ active: 0, suspended: 0, cancelled: 0, expired: 0, deleted: 0 });
    expect(theirs.monthlyRecurringRevenue).toEqual({ amount: '0.00', currency: 'USD' });
  });

  it('R20: the ledger pages oldest first with nextCursor, each entry exactly once; without limit the first 200', async () => {
    const whole = await get(`/v1/customers/${customerId}/ledger`);
    expect(whole.status).toBe(200);
    expect(whole.body.nextCursor).toBeNull();
    const entries = whole.body.items as Array<{ occurredAt: string; amount: { amount: string } }>;
    expect(entries.length).toBe(5); // four purchases charged (not the trial) and one credit
    expect(entries.map((e) => e.occurredAt)).toEqual([...entries.map((e) => e.occurredAt)].sort());
    const paged: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { items: unknown[]; nextCursor: string | null } } = await get(`/v1/customers/${customerId}/ledger?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(paged).toEqual(entries);
    const bad = await get(`/v1/customers/${customerId}/ledger?cursor=bm90LWEtY3Vyc29y`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation-failed');
  });

  it("a customer's filtered list pages newest first through a cursor", async () => {
    const all = (await get(`/v1/customers/${customerId}/subscriptions?limit=200`)).body.items as Array<{ id: string; status: string; createdAt: string }>;
    expect(all.map((s) => s.createdAt)).toEqual([...all.map((s) => s.createdAt)].sort().reverse());
    const active: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await get(`/v1/customers/${customerId}/subscriptions?status=active&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      active.push(...page.body.items.map((s) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor && active.length < 20);
    expect(active).toEqual(all.filter((s) => s.status === 'active').map((s) => s.id));
  });

  it('pending data deletion within 14 days counts suspended subscriptions near their deletion date', async () => {
    api.clock.set(days(80));
    expect((await summary()).pendingDataDeletionWithin14Days).toBe(1);
  });

  it("every follower of the log is a processor of one consumer; LOG_CONSUMER_STATUS shows each at the head, none failing", async () => {
    await buy('m365-business-basic-monthly', 1);
    const status = api.app.get<LogConsumerStatus>(LOG_CONSUMER_STATUS);
    expect(await status.waitFor(last, 5000)).toBe(true);
    const processors = await status.processors();
    expect(processors.map((p) => p.name)).toEqual(['read-models', 'workflows', 'event-feed', 'webhook-planner']);
    for (const processor of processors) expect(processor).toMatchObject({ state: 'running', checkpoint: last, head: last, eventsBehind: 0, lastError: null, failingSince: null, failures: 0 });
  });
});
