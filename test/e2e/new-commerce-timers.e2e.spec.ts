import { TestApi } from './harness/test-api';

interface HistoryItem {
  type: string;
  occurredAt: string;
  effectiveAt: string;
  actor: { userId: string };
  data: { kind?: string; cycle?: number; termNumber?: number; amountCents?: number; chargedAt?: string };
}

/** R19, R26: new-commerce cycle starts and term ends are timers of the due model, fired once each, each dated at its own instant. */
describe('new-commerce timers over HTTP', () => {
  let api: TestApi;
  let admin: string;
  let customerId: string;

  beforeAll(async () => {
    api = await TestApi.start({ now: new Date('2026-01-31T09:00:00.000Z') });
    admin = await api.token('partner-a', ['global-admin']);
    customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } })).body.id;
  });
  afterAll(() => api.stop());

  const history = async (id: string): Promise<HistoryItem[]> => (await api.request('GET', `/v1/subscriptions/${id}/history`, { token: admin })).body.items;

  it('R26, R19: a P3Y monthly term has 36 cycles: after an outage of the whole term each fires once, dated at its own cycle start (Jan 31 anchor kept)', async () => {
    const bought = await api.request('POST', `/v1/customers/${customerId}/orders`, {
      token: admin,
      headers: { 'idempotency-key': 'p3y-monthly' },
      body: { lines: [{ offerId: 'm365-e5-nce', quantity: 2, termDuration: 'P3Y', billingFrequency: 'monthly' }] },
    });
    const id = bought.body.subscriptions[0].id;
    await api.request('PUT', `/v1/subscriptions/${id}/auto-renew`, { token: admin, body: { enabled: false } });
    // One advance over the whole term, as after a long outage: the timers fire late, each charge dated when it was due.
    const advanced = await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: '2029-03-01T00:00:00.000Z' } });
    expect(advanced.status).toBe(200);
    const again = await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'P1D' } });
    expect(again.status).toBe(200);
    const items = await history(id);
    const charges = items.filter((i) => i.type === 'NewCommerceCharged');
    expect(charges).toHaveLength(36);
    expect(charges.map((c) => c.data.cycle)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
    expect(charges.every((c) => c.data.amountCents === 11970)).toBe(true);
    expect(charges.slice(0, 4).map((c) => c.effectiveAt)).toEqual(['2026-01-31T09:00:00.000Z', '2026-02-28T09:00:00.000Z', '2026-03-31T09:00:00.000Z', '2026-04-30T09:00:00.000Z']);
    expect(charges.at(-1)!.effectiveAt).toBe('2028-12-31T09:00:00.000Z');
    for (const charge of charges.slice(1)) {
      expect(charge.effectiveAt).toBe(charge.data.chargedAt);
      expect(charge.actor.userId).toBe('system');
    }
    const expired = items.filter((i) => i.type === 'NewCommerceSubscriptionExpired');
    expect(expired.map((e) => e.effectiveAt)).toEqual(['2029-01-31T09:00:00.000Z']);
    const view = await api.request('GET', `/v1/subscriptions/${id}?consistentWith=${again.body.position}`, { token: admin });
    expect(view.body).toMatchObject({ status: 'expired', billingCycleStartedAt: null });
  });

  it('R31: a suspended new-commerce subscription is still charged at each cycle start, cannot renew and expires at its term end', async () => {
    const bought = await api.request('POST', `/v1/customers/${customerId}/orders`, {
      token: admin,
      headers: { 'idempotency-key': 'p1m-suspended' },
      body: { lines: [{ offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' }] },
    });
    const id = bought.body.subscriptions[0].id;
    const start = Date.parse(bought.body.subscriptions[0].termStartedAt);
    const day = 86_400_000;
    const suspended = await api.request('POST', `/v1/subscriptions/${id}/suspend`, { token: admin, body: { reason: 'non-payment' } });
    expect(suspended.body.subscription).toMatchObject({ status: 'suspended', autoRenew: false, serviceAccess: false });
    const turnOn = await api.request('PUT', `/v1/subscriptions/${id}/auto-renew`, { token: admin, body: { enabled: true } });
    expect(turnOn.status).toBe(200);
    await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: new Date(start + 400 * day).toISOString() } });
    const items = await history(id);
    const cycles = items.filter((i) => i.type === 'NewCommerceCharged');
    // Twelve cycles (the purchase's and eleven while suspended), each 37.80; then, still suspended at the term end, expired.
    expect(cycles).toHaveLength(12);
    expect(cycles.every((c) => c.data.amountCents === 3780)).toBe(true);
    expect(items.filter((i) => i.type === 'NewCommerceSubscriptionRenewed')).toHaveLength(0);
    expect(items.at(-1)).toMatchObject({ type: 'NewCommerceSubscriptionExpired', data: { why: 'suspended' } });
  });
});
