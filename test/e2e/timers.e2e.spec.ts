import { EVENT_STORE, EventStore } from '@ledger/application';
import { TestApi, T0 } from './harness/test-api';

describe('R19 durable timers driven by the test clock', () => {
  let api: TestApi;
  let admin: string;
  let customerId: string;
  let keys = 0;

  beforeAll(async () => {
    api = await TestApi.start({ now: T0 });
    admin = await api.token('partner-a', ['global-admin']);
    customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Clockwork', billingCountry: 'TW', segment: 'commercial' } })).body.id;
  });
  afterAll(() => api.stop());

  const buy = async (offerId: string, quantity: number) =>
    (await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': `t-${++keys}` }, body: { lines: [{ offerId, quantity }] } })).body.subscriptions[0] as { id: string; termEndsAt: string };
  const advance = async (body: { to?: string; by?: string }) => {
    const answer = await api.request('POST', '/v1/test-clock/advance', { token: admin, body });
    expect(answer.status).toBe(200);
    return answer.body as { now: string; position: string };
  };
  const types = async (id: string) => (await api.app.get<EventStore>(EVENT_STORE).readStream(`subscription-${id}`)).map((e) => e.type);
  const get = async (id: string) => (await api.request('GET', `/v1/subscriptions/${id}`, { token: admin })).body;

  it('R2/R19: the test clock reads, refuses bad, backwards or out-of-range moves, and only global-admin moves it', async () => {
    expect((await api.request('GET', '/v1/test-clock', { token: admin })).body).toEqual({ now: api.clock.now().toISOString() });
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'P1X' } })).status).toBe(400);
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: '2000-01-01T00:00:00Z' } })).status).toBe(400);
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: {} })).status).toBe(400);
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'P300000Y' } })).status).toBe(400);
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: '+010000-01-01T00:00:00Z' } })).status).toBe(400);
    const notAdmin = await api.token('partner-a', ['admin-agent']);
    const refused = await api.request('POST', '/v1/test-clock/advance', { token: notAdmin, body: { by: 'P1D' } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });

  it('R12/R19: a trial converts at trialEndsAt, is charged once, and renews monthly from then', async () => {
    const trial = await buy('contoso-crm-saas-monthly', 2);
    await advance({ by: 'P30D' });
    expect(await types(trial.id)).toEqual(['SubscriptionPurchased', 'TrialConverted', 'SubscriptionCharged']);
    const converted = await get(trial.id);
    expect(converted).toMatchObject({ inTrial: false, termStartedAt: '2026-03-02T09:00:00.000Z', termEndsAt: '2026-04-02T09:00:00.000Z' });
    await advance({ to: '2026-05-02T09:00:00.000Z' });
    expect((await types(trial.id)).filter((t) => t === 'SubscriptionRenewed')).toHaveLength(2);
    const ledger = (await api.request('GET', `/v1/customers/${customerId}/ledger`, { token: admin })).body.items.filter((e: { subscriptionId: string }) => e.subscriptionId === trial.id);
    expect(ledger.map((e: { reason: string; invoicePeriod: string }) => `${e.reason}@${e.invoicePeriod}`)).toEqual(['trial-conversion@2026-04', 'renewal@2026-05', 'renewal@2026-06']);
  });

  it('R14/R19: auto-renew off expires at term end; a scheduled cancellation cancels at cancelAt with no credit', async () => {
    const expiring = await buy('power-bi-pro-monthly', 1);
    await api.request('PUT', `/v1/subscriptions/${expiring.id}/auto-renew`, { token: admin, body: { enabled: false } });
    const scheduled = await buy('teams-essentials-monthly', 1);
    await advance({ by: 'P2D' });
    const cancel = await api.request('POST', `/v1/subscriptions/${scheduled.id}/cancel`, { token: admin });
    expect(cancel.body.outcome).toBe('scheduled');
    await advance({ by: 'P31D' });
    expect((await get(expiring.id)).status).toBe('expired');
    expect((await get(scheduled.id)).status).toBe('cancelled');
    expect(await types(scheduled.id)).not.toContain('SubscriptionCredited');
  });

  it('R16/R19: a suspended subscription is deleted at dataDeletionAt; reactivating after that is refused', async () => {
    const sub = await buy('exchange-online-p1-monthly', 1);
    const suspended = await api.request('POST', `/v1/subscriptions/${sub.id}/suspend`, { token: admin, body: { reason: 'non-payment' } });
    const deletion = suspended.body.subscription.dataDeletionAt as string;
    await advance({ to: deletion });
    expect((await get(sub.id)).status).toBe('deleted');
    const late = await api.request('POST', `/v1/subscriptions/${sub.id}/reactivate`, { token: admin });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('subscription-terminal');
  });

  it('R19: each firing is written once even when two scans race', async () => {
    const sub = await buy('project-plan-3-monthly', 1);
    const termEnd = sub.termEndsAt;
    api.clock.set(new Date(termEnd));
    const head = (await api.request('GET', '/health')).body.details.eventStore.head;
    await api.request('GET', `/v1/subscriptions/${sub.id}?consistentWith=${head}`, { token: admin });
    const { TimerPoller } = await import('@ledger/application');
    const poller = api.app.get(TimerPoller);
    await Promise.all([poller.fireDue(), poller.fireDue(), poller.fireDue()]);
    expect((await types(sub.id)).filter((t) => t === 'SubscriptionRenewed')).toHaveLength(1);
  });
});

describe('R19 timers after downtime', () => {
  it('R19: a renewal due while the service was down fires once after the restart, dated at its due time', async () => {
    let api = await TestApi.start({ now: T0 });
    const admin = await api.token('partner-a', ['global-admin']);
    const customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Sleepy', billingCountry: 'TW', segment: 'commercial' } })).body.id;
    const bought = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': 'down-1' }, body: { lines: [{ offerId: 'power-bi-pro-monthly', quantity: 1 }] } });
    const subscription = bought.body.subscriptions[0] as { id: string; termEndsAt: string };
    await api.stop({ keepData: true });

    // Down from T0 until three days after the term end; the background scan runs every second.
    api = await TestApi.start({ now: new Date(Date.parse(subscription.termEndsAt) + 3 * 86_400_000), dataDir: api.dataDir });
    const events = api.app.get<EventStore>(EVENT_STORE);
    let renewed: Array<{ type: string; data: Record<string, unknown> }> = [];
    for (let i = 0; i < 50 && renewed.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      renewed = (await events.readStream(`subscription-${subscription.id}`)).filter((e) => e.type === 'SubscriptionRenewed');
    }
    expect(renewed).toHaveLength(1);
    expect(renewed[0].data.renewedAt).toBe(subscription.termEndsAt);
    await api.stop();
  });
});

describe('test clock switched off', () => {
  it('R19: without TEST_CLOCK=enabled the test-clock routes are 404', async () => {
    const api = await TestApi.start({ testClockRoutes: false });
    const token = await api.token('partner-a', ['global-admin']);
    expect((await api.request('GET', '/v1/test-clock', { token })).status).toBe(404);
    expect((await api.request('POST', '/v1/test-clock/advance', { token, body: { by: 'P1D' } })).status).toBe(404);
    await api.stop();
  });
});

describe('R15 add-ons end with their base on timers too', () => {
  it('R15: when the base expires at its term end, its add-on expires with it', async () => {
    const api = await TestApi.start({ now: T0 });
    const admin = await api.token('partner-a', ['global-admin']);
    const customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Addon', billingCountry: 'TW', segment: 'commercial' } })).body.id;
    const base = (await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': 'base' }, body: { lines: [{ offerId: 'm365-e3-monthly', quantity: 5 }] } })).body.subscriptions[0];
    const addOn = (await api.request('POST', `/v1/subscriptions/${base.id}/add-ons`, { token: admin, headers: { 'idempotency-key': 'addon' }, body: { offerId: 'teams-audio-conferencing', quantity: 5 } })).body.subscriptions[0];
    await api.request('PUT', `/v1/subscriptions/${base.id}/auto-renew`, { token: admin, body: { enabled: false } });
    await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: base.termEndsAt } });
    const read = async (id: string) => (await api.request('GET', `/v1/subscriptions/${id}`, { token: admin })).body;
    expect((await read(base.id)).status).toBe('expired');
    expect((await read(addOn.id)).status).toBe('expired');
    const history = (await api.request('GET', `/v1/subscriptions/${addOn.id}/history`, { token: admin })).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'SubscriptionExpired', causationId: expect.any(String), data: { expiredAt: base.termEndsAt } });
    await api.stop();
  });
});
