import { attachEventId, currentEvent, deterministicId, EVENT_STORE, EventStore, metadataFor, OrderCompletionWorkflow, requestHash, subscriptionModel, toDomainEvent } from '@ledger/application';
import { OrderPlaced, SubscriptionEvent, SubscriptionState, Subscription } from '@ledger/domain';
import { TestApi } from '../e2e/harness/test-api';

/**
 * Issue 19 (R15, R18): an add-on order is written in one append (OrderPlaced, the base's
 * AddOnAttached, the add-on). A store that appends stream by stream (EventStoreDB) can
 * stop after the OrderPlaced; order completion then attaches before it buys, and buys
 * nothing under a base that no longer takes add-ons.
 */
describe('add-on order completion (issue 19)', () => {
  let api: TestApi;
  let store: EventStore;
  let admin: string;
  let customerId: string;
  const actor = { userId: 'user-1', partnerId: 'partner-a', roles: ['global-admin'] };

  beforeAll(async () => {
    api = await TestApi.start();
    store = api.app.get<EventStore>(EVENT_STORE);
    admin = await api.token('partner-a', ['global-admin']);
    customerId = (await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Partial Co', billingCountry: 'TW', segment: 'commercial' } })).body.id;
  });
  afterAll(() => api.stop());

  const buyBase = async (key: string): Promise<string> =>
    (await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': key }, body: { lines: [{ offerId: 'm365-business-premium-monthly', quantity: 2 }] } })).body.subscriptions[0].id;
  const fold = async (id: string) =>
    (await store.readStream(`subscription-${id}`)).reduce<SubscriptionState>((s, e) => subscriptionModel.evolve(s, toDomainEvent<SubscriptionEvent>(e)), subscriptionModel.initialState);

  /** The OrderPlaced of an add-on order on `baseId` appended alone, as a partial write leaves it. */
  async function orderPlacedAlone(baseId: string, key: string, before?: () => Promise<void>) {
    const base = (await fold(baseId)) as Subscription;
    // What happened to the base between the order's decision and the append's end.
    await before?.();
    const customerEvents = await store.readStream(`customer-${customerId}`);
    // The add-on line as the catalog sells it: taken from the real add-on order of the first test.
    const template = customerEvents.map((e) => toDomainEvent<OrderPlaced>(e)).find((e) => e.type === 'OrderPlaced' && e.data.parentSubscriptionId !== null)!.data;
    const orderId = deterministicId('order', 'partner-a', key);
    const lines = [{ offerId: 'm365-extra-storage', quantity: 1 }];
    const order: OrderPlaced['data'] = {
      ...template,
      orderId,
      placedAt: api.clock.now().toISOString(),
      idempotencyKey: key,
      requestHash: requestHash({ customerId, lines, parentSubscriptionId: baseId }),
      parentSubscriptionId: baseId,
      baseTerm: { subscriptionId: baseId, billingFrequency: base.offer.billingFrequency, termStartedAt: base.termStartedAt, termEndsAt: base.termEndsAt },
      lines: [{ ...template.lines[0], subscriptionId: deterministicId('subscription', orderId, '0') }],
    };
    await store.append(`customer-${customerId}`, [{ id: deterministicId('partial', key), type: 'OrderPlaced', data: order as unknown as Record<string, unknown>, metadata: metadataFor({ actor, correlationId: key, causationId: null }, api.clock.now()) }], customerEvents.at(-1)!.revision);
    return { order, event: currentEvent((await store.readStream(`customer-${customerId}`)).at(-1)!) };
  }

  it('R15: an add-on order is one append: the base lists the add-on before the add-on is charged', async () => {
    const base = await buyBase('whole-base');
    const answer = await api.request('POST', `/v1/subscriptions/${base}/add-ons`, { token: admin, headers: { 'idempotency-key': 'whole-addon' }, body: { offerId: 'm365-extra-storage', quantity: 1 } });
    expect(answer.status).toBe(201);
    const addOn = answer.body.subscriptions[0].id;
    const attached = (await store.readStream(`subscription-${base}`)).find((e) => e.type === 'AddOnAttached')!;
    expect(attached.id).toBe(attachEventId(answer.body.orderId, base, addOn));
    const charged = (await store.readStream(`subscription-${addOn}`)).find((e) => e.type === 'SubscriptionCharged')!;
    expect(attached.position < charged.position).toBe(true);
    expect(answer.body.position).toBe(charged.position);
  });

  it('R7, R15: an add-on order left as its OrderPlaced alone is completed: attached, then bought, once', async () => {
    const base = await buyBase('partial-base');
    const { order, event } = await orderPlacedAlone(base, 'partial-addon');
    const completion = api.app.get(OrderCompletionWorkflow);
    await completion.react(event);
    await completion.react(event);
    const addOnId = order.lines[0].subscriptionId;
    const baseEvents = await store.readStream(`subscription-${base}`);
    const attachments = baseEvents.filter((e) => e.type === 'AddOnAttached');
    expect(attachments.map((e) => e.id)).toEqual([attachEventId(order.orderId, base, addOnId)]);
    const addOnEvents = await store.readStream(`subscription-${addOnId}`);
    expect(addOnEvents.filter((e) => e.type === 'SubscriptionPurchased')).toHaveLength(1);
    expect(attachments[0].position < addOnEvents[0].position).toBe(true);
  });

  it('R15, R18: an add-on order left as its OrderPlaced alone, on a base suspended since, buys nothing; its key again answers 409', async () => {
    const base = await buyBase('refused-base');
    const { order, event } = await orderPlacedAlone(base, 'refused-addon', async () => {
      expect((await api.request('POST', `/v1/subscriptions/${base}/suspend`, { token: admin, body: { reason: 'fraud' } })).status).toBe(200);
    });
    await api.app.get(OrderCompletionWorkflow).react(event);
    const addOnId = order.lines[0].subscriptionId;
    expect(await store.readStream(`subscription-${addOnId}`)).toEqual([]);
    expect(((await fold(base)) as Subscription).addOnIds).toEqual([]);
    const again = await api.request('POST', `/v1/subscriptions/${base}/add-ons`, { token: admin, headers: { 'idempotency-key': 'refused-addon' }, body: { offerId: 'm365-extra-storage', quantity: 1 } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('subscription-not-active');
    expect(await store.readStream(`subscription-${addOnId}`)).toEqual([]);
  });
});
