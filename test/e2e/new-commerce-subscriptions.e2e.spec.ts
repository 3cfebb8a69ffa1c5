import { TestApi } from './harness/test-api';

const T = new Date('2026-01-15T10:00:00.000Z');

/** R27-R31 over HTTP: user commands on new-commerce subscriptions go to the new-commerce rules; R1, R2 and 400s on the new routes. */
describe('new-commerce subscriptions over HTTP', () => {
  let api: TestApi;
  let admin: string;
  let customerId: string;
  let key = 0;

  beforeAll(async () => {
    api = await TestApi.start({ now: T });
    admin = await api.token('partner-a', ['global-admin']);
    customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } })).body.id;
  });
  afterAll(() => api.stop());

  async function buy(line: Record<string, unknown>): Promise<{ id: string; position: string }> {
    const bought = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': `k-${++key}` }, body: { lines: [line] } });
    if (bought.status !== 201) throw new Error(JSON.stringify(bought.body));
    return { id: bought.body.subscriptions[0].id, position: bought.body.position };
  }
  const p1yMonthly = { offerId: 'm365-e3-nce', quantity: 10, termDuration: 'P1Y', billingFrequency: 'monthly' };
  const advanceTo = (to: string) => api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to } });

  it('R27: cancelling 23 h after the purchase credits the full cycle charge; a later one is cancellation-window-passed', async () => {
    const early = await buy(p1yMonthly);
    const late = await buy(p1yMonthly);
    await advanceTo('2026-01-16T09:00:00.000Z');
    const cancelled = await api.request('POST', `/v1/subscriptions/${early.id}/cancel`, { token: admin });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ outcome: 'cancelled', credit: { amount: '378.00' }, subscription: { status: 'cancelled', program: 'new-commerce' } });
    // 169 h after its purchase: the window has closed.
    await advanceTo('2026-01-22T11:00:00.000Z');
    const refused = await api.request('POST', `/v1/subscriptions/${late.id}/cancel`, { token: admin });
    expect([refused.status, refused.body.code]).toEqual([409, 'cancellation-window-passed']);
    const got = await api.request('GET', `/v1/subscriptions/${late.id}`, { token: admin });
    expect(got.body).toMatchObject({ status: 'active', cancellationAllowedUntil: null, refundableQuantity: [] });
  });

  it('R28: seats added any time are charged for the rest of the cycle; removed only inside their own 168 hours', async () => {
    const sub = await buy({ offerId: 'm365-e3-nce', quantity: 5, termDuration: 'P1Y', billingFrequency: 'monthly' });
    // Bought 2026-01-22T11:00; cycle to 2026-02-22T11:00 (31 days). Two days later, +3 seats: 37.80 x 3 x 29 / 31 = 106.08.
    await advanceTo('2026-01-24T11:00:00.000Z');
    const added = await api.request('PUT', `/v1/subscriptions/${sub.id}/quantity`, { token: admin, body: { quantity: 8 } });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ charge: { amount: '106.08' }, subscription: { quantity: 8 } });
    expect(added.body.subscription.refundableQuantity).toEqual([
      { quantity: 5, until: '2026-01-29T11:00:00.000Z' },
      { quantity: 3, until: '2026-01-31T11:00:00.000Z' },
    ]);
    // Day 8: the purchase's seats are past their window, the added ones are not: at most 3 can go.
    await advanceTo('2026-01-30T11:00:00.000Z');
    const tooMany = await api.request('PUT', `/v1/subscriptions/${sub.id}/quantity`, { token: admin, body: { quantity: 4 } });
    expect([tooMany.status, tooMany.body.code]).toEqual([409, 'quantity-decrease-not-allowed']);
    const removed = await api.request('PUT', `/v1/subscriptions/${sub.id}/quantity`, { token: admin, body: { quantity: 6 } });
    // 2 seats credited for the rest of the cycle: 37.80 x 2 x (31 - 8) / 31 = 56.09.
    expect(removed.body).toMatchObject({ credit: { amount: '56.09' }, subscription: { quantity: 6, refundableQuantity: [{ quantity: 1, until: '2026-01-31T11:00:00.000Z' }] } });
  });

  it('R29: changes scheduled, read, replaced and removed; a mid-term quantity change removes them; legacy subscriptions refuse them', async () => {
    const sub = await buy(p1yMonthly);
    const scheduled = await api.request('PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: admin, body: { quantity: 12, billingFrequency: 'annual' } });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.subscription.scheduledChanges).toEqual({ quantity: 12, billingFrequency: 'annual' });
    const replaced = await api.request('PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: admin, body: { termDuration: 'P1M' } });
    expect(replaced.body.subscription.scheduledChanges).toEqual({ termDuration: 'P1M' });
    const notListed = await api.request('PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: admin, body: { termDuration: 'P3Y' } });
    expect([notListed.status, notListed.body.code]).toEqual([409, 'invalid-term']);
    const removed = await api.request('DELETE', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: admin });
    expect(removed.body.subscription.scheduledChanges).toBeNull();
    await api.request('PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: admin, body: { quantity: 20 } });
    const seats = await api.request('PUT', `/v1/subscriptions/${sub.id}/quantity`, { token: admin, body: { quantity: 11 } });
    expect(seats.body.subscription.scheduledChanges).toBeNull();
    for (const body of [{}, { quantity: 0 }, { termDuration: 'P2Y' }, { billingFrequency: 'weekly' }, { quantity: 3, colour: 'red' }]) {
      const bad = await api.request('PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: admin, body });
      expect([bad.status, bad.body.code]).toEqual([400, 'validation-failed']);
    }
    const legacy = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': 'legacy-1' }, body: { lines: [{ offerId: 'm365-e3-monthly', quantity: 2 }] } });
    const onLegacy = await api.request('PUT', `/v1/subscriptions/${legacy.body.subscriptions[0].id}/scheduled-changes`, { token: admin, body: { quantity: 3 } });
    expect([onLegacy.status, onLegacy.body.code]).toEqual([409, 'scheduled-changes-not-allowed']);
  });

  it('R31: suspending turns auto-renew off and removes scheduled changes; reactivation keeps auto-renew off; no data-deletion date', async () => {
    const sub = await buy(p1yMonthly);
    await api.request('PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: admin, body: { quantity: 12 } });
    const suspended = await api.request('POST', `/v1/subscriptions/${sub.id}/suspend`, { token: admin, body: { reason: 'non-payment' } });
    expect(suspended.body.subscription).toMatchObject({ status: 'suspended', autoRenew: false, scheduledChanges: null, dataDeletionAt: null, serviceAccess: false });
    const reactivated = await api.request('POST', `/v1/subscriptions/${sub.id}/reactivate`, { token: admin });
    expect(reactivated.body.subscription).toMatchObject({ status: 'active', autoRenew: false, serviceAccess: true });
    const scheduleRefused = await api.request('PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: admin, body: { quantity: 12 } });
    expect([scheduleRefused.status, scheduleRefused.body.code]).toEqual([409, 'scheduled-changes-not-allowed']);
  });

  it('R30: term-end-dates lists another P1Y subscription\'s term end and the month ends; a line co-termed to it ends there', async () => {
    const other = await buy(p1yMonthly);
    const otherView = await api.request('GET', `/v1/subscriptions/${other.id}?consistentWith=${other.position}`, { token: admin });
    await advanceTo('2026-02-10T00:00:00.000Z');
    const dates = await api.request('GET', `/v1/customers/${customerId}/term-end-dates?offerId=m365-e3-nce&termDuration=P1Y`, { token: admin });
    expect(dates.status).toBe(200);
    expect(dates.body.items[0]).toEqual({ date: '2026-03-01T00:00:00.000Z', kind: 'calendar-month' });
    expect(dates.body.items).toContainEqual({ date: otherView.body.termEndsAt, kind: 'subscription-aligned', subscriptionId: other.id });
    expect(dates.body.items.at(-1)).toEqual({ date: '2027-02-01T00:00:00.000Z', kind: 'calendar-month' });
    const aligned = await buy({ ...p1yMonthly, quantity: 1, customTermEndDate: otherView.body.termEndsAt });
    const view = await api.request('GET', `/v1/subscriptions/${aligned.id}?consistentWith=${aligned.position}`, { token: admin });
    expect(view.body.termEndsAt).toBe(otherView.body.termEndsAt);
    for (const query of ['offerId=m365-e3-nce', 'offerId=m365-e3-nce&termDuration=P2Y', 'offerId=NOPE!&termDuration=P1Y', 'offerId=m365-e3-nce&termDuration=P1Y&extra=1']) {
      const bad = await api.request('GET', `/v1/customers/${customerId}/term-end-dates?${query}`, { token: admin });
      expect([bad.status, bad.body.code]).toEqual([400, 'validation-failed']);
    }
    expect((await api.request('GET', `/v1/customers/${customerId}/term-end-dates?offerId=no-such-offer&termDuration=P1Y`, { token: admin })).status).toBe(404);
    const legacyOffer = await api.request('GET', `/v1/customers/${customerId}/term-end-dates?offerId=m365-e3-monthly&termDuration=P1Y`, { token: admin });
    expect([legacyOffer.status, legacyOffer.body.code]).toEqual([409, 'invalid-term']);
  });

  it('R15: an add-on on a new-commerce base is refused (409 add-on-not-allowed), not bought; another partner still gets 404', async () => {
    const sub = await buy(p1yMonthly);
    const refused = await api.request('POST', `/v1/subscriptions/${sub.id}/add-ons`, { token: admin, headers: { 'idempotency-key': 'nce-add-on' }, body: { offerId: 'teams-audio-conferencing', quantity: 1 } });
    expect([refused.status, refused.body.code]).toEqual([409, 'add-on-not-allowed']);
    const other = await api.token('partner-b', ['global-admin']);
    const foreign = await api.request('POST', `/v1/subscriptions/${sub.id}/add-ons`, { token: other, headers: { 'idempotency-key': 'nce-add-on-b' }, body: { offerId: 'teams-audio-conferencing', quantity: 1 } });
    expect(foreign.status).toBe(404);
  });

  it('R21: asOf folds a new-commerce subscription from the log at that instant', async () => {
    const sub = await buy({ ...p1yMonthly, quantity: 2 });
    const { body: clock } = await api.request('GET', '/v1/test-clock', { token: admin });
    const later = new Date(Date.parse(clock.now) + 3 * 86_400_000).toISOString();
    await advanceTo(later);
    await api.request('PUT', `/v1/subscriptions/${sub.id}/quantity`, { token: admin, body: { quantity: 5 } });
    const before = await api.request('GET', `/v1/subscriptions/${sub.id}?asOf=${encodeURIComponent(clock.now)}`, { token: admin });
    expect(before.body).toMatchObject({ program: 'new-commerce', quantity: 2, refundableQuantity: [{ quantity: 2 }] });
    const now = await api.request('GET', `/v1/subscriptions/${sub.id}?asOf=${encodeURIComponent(later)}`, { token: admin });
    expect(now.body.quantity).toBe(5);
  });

  it('R1, R2: another partner gets 404 on a new-commerce subscription and its routes; a role without the permission 403', async () => {
    const sub = await buy(p1yMonthly);
    const other = await api.token('partner-b', ['global-admin']);
    for (const [method, path, body] of [
      ['GET', `/v1/subscriptions/${sub.id}`, undefined],
      ['POST', `/v1/subscriptions/${sub.id}/cancel`, undefined],
      ['PUT', `/v1/subscriptions/${sub.id}/quantity`, { quantity: 11 }],
      ['PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { quantity: 11 }],
      ['DELETE', `/v1/subscriptions/${sub.id}/scheduled-changes`, undefined],
      ['GET', `/v1/customers/${customerId}/term-end-dates?offerId=m365-e3-nce&termDuration=P1Y`, undefined],
    ] as const) {
      expect((await api.request(method, path, { token: other, body })).status).toBe(404);
    }
    const billing = await api.token('partner-a', ['billing-admin']);
    const forbidden = await api.request('PUT', `/v1/subscriptions/${sub.id}/scheduled-changes`, { token: billing, body: { quantity: 11 } });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'forbidden']);
  });
});
