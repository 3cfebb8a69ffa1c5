import { EVENT_STORE, EventStore, SubscriptionCommands, subscriptionModel, systemActor, toDomainEvent } from '@ledger/application';
import { Subscription, SubscriptionEvent, SubscriptionState } from '@ledger/domain';
import { TestApi } from '../e2e/harness/test-api';

/**
 * R15: a base's suspension reaches its add-ons even when other events of the add-on (a
 * co-termed renewal, an auto-renew toggle) were written after the suspension; only a
 * later suspension or reactivation of the add-on itself stands against it (issue 19: a
 * renewal cascaded after the base's suspension left the add-on active under it).
 */
describe('the add-on cascade guard (issue 19)', () => {
  let api: TestApi;
  let store: EventStore;
  let admin: string;
  let customerId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    store = api.app.get<EventStore>(EVENT_STORE);
    admin = await api.token('partner-a', ['global-admin']);
    customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Guard Co', billingCountry: 'TW', segment: 'commercial' } })).body.id;
  });
  afterAll(() => api.stop());

  let keys = 0;
  async function baseWithAddOn(): Promise<{ base: string; addOn: string }> {
    const base = (await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': `guard-${++keys}` }, body: { lines: [{ offerId: 'm365-business-premium-monthly', quantity: 1 }] } })).body.subscriptions[0].id;
    const addOn = (await api.request('POST', `/v1/subscriptions/${base}/add-ons`, { token: admin, headers: { 'idempotency-key': `guard-${++keys}` }, body: { offerId: 'm365-extra-storage', quantity: 1 } })).body.subscriptions[0].id;
    return { base, addOn };
  }

  const fold = async (id: string) =>
    (await store.readStream(`subscription-${id}`)).reduce<SubscriptionState>((s, e) => subscriptionModel.evolve(s, toDomainEvent<SubscriptionEvent>(e)), subscriptionModel.initialState) as Subscription;

  /**
   * The cascade of a base suspension that took place right after the add-on's purchase
   * (its position just after the purchase's), delivered only now: the base as it is then
   * (suspended, listing the add-on) is given, nothing is appended, so no live workflow
   * acts on it first.
   */
  async function cascadeSuspensionAfterPurchase(base: string, addOn: string) {
    const purchase = (await store.readStream(`subscription-${addOn}`)).filter((e) => e.type === 'SubscriptionPurchased' || e.data.kind === 'purchase').at(-1)!;
    const suspended: Subscription = { ...(await fold(base)), status: 'suspended', suspendedAt: api.clock.now().toISOString(), suspensionReason: 'fraud', dataDeletionAt: '2026-06-01T00:00:00.000Z' };
    const event: SubscriptionEvent = { type: 'SubscriptionSuspended', data: { subscriptionId: base, reason: 'fraud', suspendedAt: suspended.suspendedAt!, dataDeletionAt: suspended.dataDeletionAt! } };
    await api.app.get(SubscriptionCommands).cascade({ event, id: `guard-${base}`, position: purchase.position }, suspended, { actor: systemActor('partner-a'), correlationId: 'guard', causationId: `guard-${base}` });
  }
  const status = async (id: string) => (await fold(id)).status;

  it('R15: an add-on written since the suspension, but not suspended or reactivated since, follows it', async () => {
    const { base, addOn } = await baseWithAddOn();
    // Written after the base's suspension: a change that is not a status change.
    expect((await api.request('PUT', `/v1/subscriptions/${addOn}/auto-renew`, { token: admin, body: { enabled: false } })).status).toBe(200);
    await cascadeSuspensionAfterPurchase(base, addOn);
    expect(await status(addOn)).toBe('suspended');
  });

  it('R15: an add-on suspended and reactivated by a user since the base\'s suspension keeps that later change', async () => {
    const { base, addOn } = await baseWithAddOn();
    expect((await api.request('POST', `/v1/subscriptions/${addOn}/suspend`, { token: admin, body: { reason: 'other' } })).status).toBe(200);
    expect((await api.request('POST', `/v1/subscriptions/${addOn}/reactivate`, { token: admin })).status).toBe(200);
    await cascadeSuspensionAfterPurchase(base, addOn);
    expect(await status(addOn)).toBe('active');
  });
});
