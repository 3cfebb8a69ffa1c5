import { TestApi, T0 } from './harness/test-api';

const at = (iso: string) => new Date(iso);

describe('subscription lifecycle over HTTP, with the clock injected', () => {
  let api: TestApi;
  let admin: string;
  let customerId: string;

  beforeAll(async () => {
    api = await TestApi.start({ now: T0 });
    admin = await api.token('partner-a', ['admin-agent'], 'alice');
    customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } })).body.id;
  });
  afterAll(() => api.stop());

  let keys = 0;
  async function buy(offerId: string, quantity?: number) {
    const answer = await api.request('POST', `/v1/customers/${customerId}/orders`, {
      token: admin,
      headers: { 'idempotency-key': `k-${++keys}` },
      body: { lines: [{ offerId, ...(quantity === undefined ? {} : { quantity }) }] },
    });
    expect(answer.status).toBe(201);
    return answer.body.subscriptions[0] as { id: string; revision: number };
  }
  const post = (path: string, body?: unknown, headers?: Record<string, string>) => api.request('POST', path, { token: admin, body, headers });
  const put = (path: string, body: unknown, headers?: Record<string, string>) => api.request('PUT', path, { token: admin, body, headers });
  const get = (path: string) => api.request('GET', path, { token: admin });
  const historyLength = async (id: string) => (await get(`/v1/subscriptions/${id}/history`)).body.items.length;

  it('R16: suspend shows dataDeletionAt and cuts service access; reactivate restores it with the same term', async () => {
    const sub = await buy('m365-business-basic-monthly', 2);
    const suspended = await post(`/v1/subscriptions/${sub.id}/suspend`, { reason: 'non-payment' });
    expect(suspended.status).toBe(200);
    expect(suspended.body.subscription).toMatchObject({ status: 'suspended', serviceAccess: false, suspensionReason: 'non-payment', dataDeletionAt: '2026-05-01T09:00:00.000Z' });
    const read = await get(`/v1/subscriptions/${sub.id}?consistentWith=${suspended.body.position}`);
    expect(read.body).toMatchObject({ status: 'suspended', dataDeletionAt: '2026-05-01T09:00:00.000Z' });
    const again = await post(`/v1/subscriptions/${sub.id}/suspend`, { reason: 'fraud' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('subscription-not-active');
    const back = await post(`/v1/subscriptions/${sub.id}/reactivate`);
    expect(back.body.subscription).toMatchObject({ status: 'active', serviceAccess: true, termEndsAt: '2026-02-28T09:00:00.000Z' });
  });

  it('R17/R20: cancel inside the window cancels at once with full credit on the ledger', async () => {
    const sub = await buy('m365-business-standard-monthly', 4); // 4 x 15.00
    api.clock.set(at('2026-01-31T20:00:00.000Z'));
    const cancelled = await post(`/v1/subscriptions/${sub.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ outcome: 'cancelled', credit: { amount: '60.00', currency: 'USD' }, subscription: { status: 'cancelled' } });
    const ledger = await get(`/v1/customers/${customerId}/ledger?consistentWith=${cancelled.body.position}`);
    const mine = ledger.body.items.filter((e: { subscriptionId: string }) => e.subscriptionId === sub.id);
    expect(mine).toEqual([
      expect.objectContaining({ kind: 'charge', amount: { amount: '60.00', currency: 'USD' }, invoicePeriod: '2026-02', reason: 'purchase' }),
      expect.objectContaining({ kind: 'credit', amount: { amount: '60.00', currency: 'USD' }, invoicePeriod: '2026-02', reason: 'cancellation' }),
    ]);
  });

  it('R17/R18: after the window the cancel is scheduled at term end; a second cancel is 409 and writes nothing', async () => {
    api.clock.set(at('2026-02-01T00:00:00.000Z'));
    const sub = await buy('m365-business-basic-monthly', 1);
    api.clock.set(at('2026-02-02T00:00:00.001Z')); // 24 h + 1 ms
    const scheduled = await post(`/v1/subscriptions/${sub.id}/cancel`);
    expect(scheduled.body).toMatchObject({ outcome: 'scheduled', cancelAt: '2026-03-01T00:00:00.000Z', subscription: { status: 'active', autoRenew: false } });
    const before = await historyLength(sub.id);
    const again = await post(`/v1/subscriptions/${sub.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('cancellation-already-scheduled');
    expect(await historyLength(sub.id)).toBe(before);
  });

  it('R14: auto-renew toggles and is shown', async () => {
    const sub = await buy('power-bi-pro-monthly', 1);
    const off = await put(`/v1/subscriptions/${sub.id}/auto-renew`, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.subscription.autoRenew).toBe(false);
    expect((await put(`/v1/subscriptions/${sub.id}/auto-renew`, { enabled: 'no' })).status).toBe(400);
  });

  it('R15/R20: quantity increase is charged pro rata; a decrease after the window is refused', async () => {
    api.clock.set(at('2026-03-01T00:00:00.000Z'));
    const sub = await buy('project-plan-3-monthly', 2); // 36.00, term Mar 1 - Apr 1 (31 days)
    api.clock.set(at('2026-03-17T00:00:00.000Z')); // 15 whole days left
    const up = await put(`/v1/subscriptions/${sub.id}/quantity`, { quantity: 4 });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ charge: { amount: '34.84', currency: 'USD' }, subscription: { quantity: 4 } }); // 2 x 36 x 15/31 = 34.838
    const down = await put(`/v1/subscriptions/${sub.id}/quantity`, { quantity: 3 });
    expect(down.status).toBe(409);
    expect(down.body.code).toBe('quantity-decrease-not-allowed');
    const ledger = await get(`/v1/customers/${customerId}/ledger?consistentWith=${up.body.position}`);
    expect(ledger.body.items).toContainEqual(expect.objectContaining({ subscriptionId: sub.id, reason: 'quantity-increase', amount: { amount: '34.84', currency: 'USD' }, invoicePeriod: '2026-04' }));
  });

  it('R16/R17: an add-on follows its base on suspend, reactivate and cancel', async () => {
    api.clock.set(at('2026-04-01T00:00:00.000Z'));
    const base = await buy('m365-e3-monthly', 10);
    const addOn = await api.request('POST', `/v1/subscriptions/${base.id}/add-ons`, { token: admin, headers: { 'idempotency-key': 'addon-e3' }, body: { offerId: 'teams-audio-conferencing', quantity: 10 } });
    const addOnId = addOn.body.subscriptions[0].id;
    const suspended = await post(`/v1/subscriptions/${base.id}/suspend`, { reason: 'customer-request' });
    expect((await get(`/v1/subscriptions/${addOnId}?consistentWith=${suspended.body.position}`)).body.status).toBe('suspended');
    const reactivated = await post(`/v1/subscriptions/${base.id}/reactivate`);
    expect((await get(`/v1/subscriptions/${addOnId}?consistentWith=${reactivated.body.position}`)).body.status).toBe('active');
    const cancelled = await post(`/v1/subscriptions/${base.id}/cancel`);
    expect(cancelled.body.outcome).toBe('cancelled');
    const addOnNow = await get(`/v1/subscriptions/${addOnId}?consistentWith=${cancelled.body.position}`);
    expect(addOnNow.body.status).toBe('cancelled');
    const history = (await get(`/v1/subscriptions/${addOnId}/history`)).body.items;
    const baseHistory = (await get(`/v1/subscriptions/${base.id}/history`)).body.items;
    const baseCancel = baseHistory.find((e: { type: string }) => e.type === 'SubscriptionCancelled');
    expect(history.at(-2)).toMatchObject({ type: 'SubscriptionCancelled', causationId: expect.any(String) });
    expect(history.find((e: { type: string }) => e.type === 'SubscriptionCancelled').correlationId).toBe(baseCancel.correlationId);
  });

  it('R3/R21: history shows actor, time, correlation and causation; asOf folds the past state', async () => {
    api.clock.set(at('2026-05-01T00:00:00.000Z'));
    const sub = await buy('teams-essentials-monthly', 3);
    api.clock.set(at('2026-05-10T00:00:00.000Z'));
    await post(`/v1/subscriptions/${sub.id}/suspend`, { reason: 'other' }, { 'x-correlation-id': 'ticket-4711' });
    const history = (await get(`/v1/subscriptions/${sub.id}/history`)).body.items;
    expect(history.map((e: { type: string }) => e.type)).toEqual(['SubscriptionPurchased', 'SubscriptionCharged', 'SubscriptionSuspended']);
    expect(history[2]).toMatchObject({ occurredAt: '2026-05-10T00:00:00.000Z', correlationId: 'ticket-4711', causationId: null, actor: { userId: 'alice', partnerId: 'partner-a', roles: ['admin-agent'] } });
    expect(history[0].causationId).toEqual(expect.any(String)); // caused by the order
    const past = await get(`/v1/subscriptions/${sub.id}?asOf=2026-05-05T00:00:00.000Z`);
    expect(past.body).toMatchObject({ status: 'active', revision: 1 });
    expect((await get(`/v1/subscriptions/${sub.id}?asOf=2026-04-01T00:00:00.000Z`)).status).toBe(404);
    expect((await get(`/v1/subscriptions/${sub.id}?asOf=yesterday`)).status).toBe(400);
  });

  it('R18/ETag: If-Match with a stale revision is 412 and writes nothing; the current one works', async () => {
    const sub = await buy('exchange-online-p1-monthly', 1);
    const read = await get(`/v1/subscriptions/${sub.id}?consistentWith=${(await get('/health')).body.details.eventStore.head}`);
    const etag = read.headers.get('etag')!;
    expect(etag).toBe(`"${read.body.revision}"`);
    const stale = await post(`/v1/subscriptions/${sub.id}/suspend`, { reason: 'other' }, { 'if-match': '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition-failed');
    const fresh = await post(`/v1/subscriptions/${sub.id}/suspend`, { reason: 'other' }, { 'if-match': etag });
    expect(fresh.status).toBe(200);
  });

  it('dashboard: counts by status for everyone, monthly recurring revenue only for billing roles', async () => {
    const head = (await get('/health')).body.details.eventStore.head;
    const summary = await get(`/v1/dashboard/summary?consistentWith=${head}`);
    expect(summary.status).toBe(200);
    expect(summary.body.countsByStatus.cancelled).toBeGreaterThanOrEqual(2);
    expect(summary.body.monthlyRecurringRevenue.amount).toMatch(/^\d+\.\d{2}$/);
    const sales = await api.token('partner-a', ['sales-agent']);
    const limited = await api.request('GET', '/v1/dashboard/summary', { token: sales });
    expect(limited.body.monthlyRecurringRevenue).toBeUndefined();
    expect(limited.body.countsByStatus).toEqual(summary.body.countsByStatus);
  });
});
