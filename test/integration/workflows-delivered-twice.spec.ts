import { AddOnCascadeWorkflow, currentEvent, CurrentEvent, deterministicId, EVENT_STORE, EventStore, metadataFor, OrderCompletionWorkflow, subscriptionModel, toDomainEvent } from '@ledger/application';
import { decideSubscription, OrderPlaced, SubscriptionEvent, SubscriptionState } from '@ledger/domain';
import { TestApi } from '../e2e/harness/test-api';

/** Every process manager, given the same event twice, does its work once (DESIGN.md "Workflows"). */
describe('workflows delivered an event twice', () => {
  let api: TestApi;
  let store: EventStore;
  let admin: string;
  let customerId: string;
  const actor = { userId: 'user-1', partnerId: 'partner-a', roles: ['global-admin'] };

  beforeAll(async () => {
    api = await TestApi.start();
    store = api.app.get<EventStore>(EVENT_STORE);
    admin = await api.token('partner-a', ['global-admin']);
    customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Twice Co', billingCountry: 'TW', segment: 'commercial' } })).body.id;
  });
  afterAll(() => api.stop());

  const last = async (stream: string): Promise<CurrentEvent> => currentEvent((await store.readStream(stream)).at(-1)!);

  it('R15: the add-on cascade, given a base event its inline path missed, suspends the add-on once', async () => {
    const base = (await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': 'twice-base' }, body: { lines: [{ offerId: 'm365-business-premium-monthly', quantity: 1 }] } })).body.subscriptions[0].id;
    const addOn = (await api.request('POST', `/v1/subscriptions/${base}/add-ons`, { token: admin, headers: { 'idempotency-key': 'twice-addon' }, body: { offerId: 'm365-extra-storage', quantity: 1 } })).body.subscriptions[0].id;
    // The base's suspension appended alone, as a crash right after it would leave it.
    const baseEvents = await store.readStream(`subscription-${base}`);
    const state = baseEvents.reduce<SubscriptionState>((s, e) => subscriptionModel.evolve(s, toDomainEvent<SubscriptionEvent>(e)), subscriptionModel.initialState);
    const [suspended] = decideSubscription({ type: 'Suspend', reason: 'fraud' }, state, { now: api.clock.now() });
    await store.append(`subscription-${base}`, [{ id: deterministicId('twice', 'suspend'), type: suspended.type, data: suspended.data as Record<string, unknown>, metadata: metadataFor({ actor, correlationId: 'twice', causationId: null }, api.clock.now()) }], baseEvents.at(-1)!.revision);
    const event = await last(`subscription-${base}`);

    const cascade = api.app.get(AddOnCascadeWorkflow);
    expect(cascade.handles(event)).toBe(true);
    await cascade.react(event);
    await cascade.react(event);
    const addOnEvents = await store.readStream(`subscription-${addOn}`);
    expect(addOnEvents.filter((e) => e.type === 'SubscriptionSuspended')).toHaveLength(1);
    expect(addOnEvents.at(-1)!.metadata.causationId).toBe(event.id);
  });

  it('R7: order completion, given an OrderPlaced twice, writes each subscription once', async () => {
    const placed = (await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': 'twice-order' }, body: { lines: [{ offerId: 'power-bi-pro-monthly', quantity: 2 }] } })).body;
    const customerEvents = await store.readStream(`customer-${customerId}`);
    const template = toDomainEvent<OrderPlaced>(customerEvents.find((e) => e.type === 'OrderPlaced' && e.data.orderId === placed.orderId)!).data;
    const orderId = deterministicId('order', 'partner-a', 'twice-lost');
    const lost = { ...template, orderId, idempotencyKey: 'twice-lost', lines: template.lines.map((line, i) => ({ ...line, subscriptionId: deterministicId('subscription', orderId, String(i)) })) };
    await store.append(`customer-${customerId}`, [{ id: deterministicId('twice', 'order'), type: 'OrderPlaced', data: lost as unknown as Record<string, unknown>, metadata: metadataFor({ actor, correlationId: 'twice', causationId: null }, api.clock.now()) }], customerEvents.at(-1)!.revision);
    const event = await last(`customer-${customerId}`);

    const completion = api.app.get(OrderCompletionWorkflow);
    expect(completion.handles(event)).toBe(true);
    await completion.react(event);
    await completion.react(event);
    const subscription = await store.readStream(`subscription-${lost.lines[0].subscriptionId}`);
    expect(subscription.map((e) => e.type)).toEqual(['SubscriptionPurchased', 'SubscriptionCharged']);
    // The already complete order: nothing more.
    const done = customerEvents.find((e) => e.type === 'OrderPlaced' && e.data.orderId === placed.orderId)!;
    await completion.react(currentEvent(done));
    expect(await store.readStream(`subscription-${placed.subscriptions[0].id}`)).toHaveLength(2);
  });
});
