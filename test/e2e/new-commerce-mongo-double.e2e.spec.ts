import { startMongoDouble } from '../support/mongo-double/server';
import { TestApi } from './harness/test-api';

/** R25-R27 read models on the MongoDB adapter (through the wire double): new-commerce documents, due timers, ledger, MRR. */
describe('new commerce on the MongoDB read store (wire double)', () => {
  let mongo: Awaited<ReturnType<typeof startMongoDouble>>;
  let api: TestApi;

  beforeAll(async () => {
    mongo = await startMongoDouble();
    api = await TestApi.start({ now: new Date('2026-01-31T09:00:00.000Z'), env: { MONGODB_URL: mongo.url.replace('/?', `/ledger_nce_${process.pid}?`) } });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await mongo?.stop();
  });

  it('R26, R27: a P1Y monthly subscription is listed, its cycles fire from the due model, its ledger and MRR are kept', async () => {
    const admin = await api.token('partner-a', ['global-admin']);
    expect((await api.request('GET', '/health')).body.details.readStore.mode).toBe('mongodb');
    const customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } })).body.id;
    const bought = await api.request('POST', `/v1/customers/${customerId}/orders`, {
      token: admin,
      headers: { 'idempotency-key': 'mongo-nce' },
      body: { lines: [{ offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly' }] },
    });
    expect(bought.status).toBe(201);
    const id = bought.body.subscriptions[0].id;
    const advanced = await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: '2026-04-01T00:00:00.000Z' } });
    expect(advanced.status).toBe(200);
    const list = await api.request('GET', `/v1/customers/${customerId}/subscriptions?consistentWith=${advanced.body.position}`, { token: admin });
    expect(list.body.items[0]).toMatchObject({ id, program: 'new-commerce', billingCycleStartedAt: '2026-03-31T09:00:00.000Z', cancellationAllowedUntil: null });
    const ledger = await api.request('GET', `/v1/customers/${customerId}/ledger`, { token: admin });
    expect(ledger.body.items.map((e: { reason: string; amount: { amount: string }; occurredAt: string }) => [e.reason, e.amount.amount, e.occurredAt])).toEqual([
      ['purchase', '75.60', '2026-01-31T09:00:00.000Z'],
      ['cycle', '75.60', '2026-02-28T09:00:00.000Z'],
      ['cycle', '75.60', '2026-03-31T09:00:00.000Z'],
    ]);
    const summary = await api.request('GET', '/v1/dashboard/summary', { token: admin });
    expect(summary.body.monthlyRecurringRevenue).toEqual({ amount: '75.60', currency: 'USD' });
    const refused = await api.request('POST', `/v1/subscriptions/${id}/cancel`, { token: admin });
    expect([refused.status, refused.body.code]).toEqual([409, 'cancellation-window-passed']);
  }, 60_000);
});
