import { ALL_PROJECTIONS, EVENT_STORE, READ_STORE, verifyProjection } from '@ledger/application';
import { TestApi } from './harness/test-api';

/** R20, R24, R26: ledger entries with their charge type, MRR at the monthly equivalent on the dashboard and in analytics. */
describe('new-commerce read side over HTTP', () => {
  let api: TestApi;
  let admin: string;
  let customerId: string;
  let ids: string[];

  beforeAll(async () => {
    api = await TestApi.start({ now: new Date('2026-03-01T10:00:00.000Z') });
    admin = await api.token('partner-nce', ['global-admin']);
    customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } })).body.id;
    const bought = await api.request('POST', `/v1/customers/${customerId}/orders`, {
      token: admin,
      headers: { 'idempotency-key': 'read-side' },
      body: {
        lines: [
          { offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'annual' },
          { offerId: 'm365-e5-nce', quantity: 1, termDuration: 'P3Y', billingFrequency: 'triennial' },
          { offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1M', billingFrequency: 'monthly' },
          { offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' },
        ],
      },
    });
    if (bought.status !== 201) throw new Error(JSON.stringify(bought.body));
    ids = bought.body.subscriptions.map((s: { id: string }) => s.id);
    await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: '2026-04-02T00:00:00.000Z' } });
  });
  afterAll(() => api.stop());

  it('R20, R26: the ledger lists each charge with its charge type at its business time, on the next monthly invoice', async () => {
    const ledger = await api.request('GET', `/v1/customers/${customerId}/ledger`, { token: admin });
    expect(ledger.status).toBe(200);
    const rows = ledger.body.items.map((e: { subscriptionId: string; reason: string; amount: { amount: string }; occurredAt: string; invoicePeriod: string }) => [ids.indexOf(e.subscriptionId), e.reason, e.amount.amount, e.occurredAt, e.invoicePeriod]);
    expect(rows).toEqual(
      expect.arrayContaining([
        [0, 'purchase', '864.00', '2026-03-01T10:00:00.000Z', '2026-04'],
        [1, 'purchase', '2052.00', '2026-03-01T10:00:00.000Z', '2026-04'],
        [2, 'purchase', '43.20', '2026-03-01T10:00:00.000Z', '2026-04'],
        [3, 'purchase', '37.80', '2026-03-01T10:00:00.000Z', '2026-04'],
        [2, 'renewal', '43.20', '2026-04-01T10:00:00.000Z', '2026-05'],
        [3, 'cycle', '37.80', '2026-04-01T10:00:00.000Z', '2026-05'],
      ]),
    );
    expect(rows).toHaveLength(6);
  });

  it('R24: dashboard MRR counts each at its monthly equivalent: 864/12 + 2052/36 + 43.20 + 37.80 = 210.00; a suspension takes its share out', async () => {
    const summary = await api.request('GET', '/v1/dashboard/summary', { token: admin });
    expect(summary.body.monthlyRecurringRevenue).toEqual({ amount: '210.00', currency: 'USD' });
    const analytics = await api.request('GET', '/v1/analytics/monthly?from=2026-03&to=2026-04', { token: admin });
    expect(analytics.body.items.map((m: { month: string; mrrAtEnd: { amount: string }; charges: { amount: string } }) => [m.month, m.mrrAtEnd.amount, m.charges.amount])).toEqual([
      ['2026-03', '210.00', '2997.00'],
      ['2026-04', '210.00', '81.00'],
    ]);
    const suspended = await api.request('POST', `/v1/subscriptions/${ids[1]}/suspend`, { token: admin, body: { reason: 'other' } });
    const after = await api.request('GET', `/v1/dashboard/summary?consistentWith=${suspended.body.position}`, { token: admin });
    expect(after.body.monthlyRecurringRevenue.amount).toBe('153.00');
  });

  it('R3, R21: history shows every new event with actor and business time', async () => {
    const history = await api.request('GET', `/v1/subscriptions/${ids[2]}/history`, { token: admin });
    expect(history.body.items.map((i: { type: string; effectiveAt: string; actor: { userId: string } }) => [i.type, i.effectiveAt, i.actor.userId])).toEqual([
      ['NewCommerceSubscriptionPurchased', '2026-03-01T10:00:00.000Z', 'user-1'],
      ['NewCommerceCharged', '2026-03-01T10:00:00.000Z', 'user-1'],
      ['NewCommerceSubscriptionRenewed', '2026-04-01T10:00:00.000Z', 'system'],
      ['NewCommerceCharged', '2026-04-01T10:00:00.000Z', 'system'],
    ]);
  });

  it('R21: every read model rebuilt from a log with new-commerce events equals the live one', async () => {
    const head = (await api.request('GET', '/health')).body.details.eventStore.head;
    await api.request('GET', `/v1/customers?consistentWith=${head}`, { token: admin });
    const stores = { eventStore: api.app.get(EVENT_STORE), readStore: api.app.get(READ_STORE) };
    for (const projection of ALL_PROJECTIONS) expect(await verifyProjection(stores, projection)).toMatchObject({ missing: [], extra: [], different: [] });
  });
});
