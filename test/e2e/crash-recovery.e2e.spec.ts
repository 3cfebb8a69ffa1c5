import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deterministicId, metadataFor, subscriptionModel, toDomainEvent } from '@ledger/application';
import { decideSubscription, OrderPlaced, SubscriptionEvent, SubscriptionState } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { ServiceProcess } from './service/service-process';

/**
 * DESIGN.md "Workflows": what must follow an event is finished from the log after a
 * kill -9, without any client retrying. The half-done states are the ones a crash at
 * the worst moment leaves: the base's event written but not its add-ons' (the cascade
 * runs after the base's append), and an OrderPlaced without its subscriptions (EventStoreDB
 * appends stream after stream). The service is killed, the half-done write is put in the
 * log as that crash would have left it, and the restarted service must finish it.
 */
describe('process managers finish what a kill -9 left half done', () => {
  let dataDir: string;
  let service: ServiceProcess | null = null;

  beforeAll(async () => (dataDir = await mkdtemp(join(tmpdir(), 'ledger-crash-'))));
  afterAll(async () => {
    await service?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  const until = async <T>(probe: () => Promise<T | null>, what: string, timeoutMs = 40_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== null) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('R7, R15, R21: after kill -9 and restart, the add-on follows its base and the order gets its subscriptions', async () => {
    service = await ServiceProcess.start(dataDir);
    const admin = await service.token('partner-a', ['global-admin']);
    const customerId = (await service.request('POST', '/v1/customers', { token: admin, body: { name: 'Crash Co', billingCountry: 'TW', segment: 'commercial' } })).body.id;
    const order = await service.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': 'base' }, body: { lines: [{ offerId: 'm365-business-premium-monthly', quantity: 1 }] } });
    const baseId = order.body.subscriptions[0].id;
    const addOn = await service.request('POST', `/v1/subscriptions/${baseId}/add-ons`, { token: admin, headers: { 'idempotency-key': 'addon' }, body: { offerId: 'm365-extra-storage', quantity: 1 } });
    const addOnId = addOn.body.subscriptions[0].id;
    expect((await service.request('GET', `/v1/subscriptions/${addOnId}?consistentWith=${addOn.body.position}`, { token: admin })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the workflows' checkpoint passes the purchase
    await service.kill();

    // The crash's leftovers: the base's suspension without the add-on's, an order without its subscriptions.
    const store = SqliteEventStore.open(join(dataDir, 'events.db'));
    let suspensionId: string;
    let lostOrder: OrderPlaced['data'];
    try {
      const baseEvents = await store.readStream(`subscription-${baseId}`);
      const base = baseEvents.reduce<SubscriptionState>((state, e) => subscriptionModel.evolve(state, toDomainEvent<SubscriptionEvent>(e)), subscriptionModel.initialState);
      const now = new Date(baseEvents.at(-1)!.metadata.occurredAt);
      const [suspended] = decideSubscription({ type: 'Suspend', reason: 'non-payment' }, base, { now });
      suspensionId = deterministicId('crash-test', 'suspension');
      const actor = { userId: 'user-1', partnerId: 'partner-a', roles: ['global-admin'] };
      await store.append(`subscription-${baseId}`, [{ id: suspensionId, type: suspended.type, data: suspended.data as Record<string, unknown>, metadata: metadataFor({ actor, correlationId: 'crash', causationId: null }, now) }], baseEvents.at(-1)!.revision);

      const customerEvents = await store.readStream(`customer-${customerId}`);
      const placed = toDomainEvent<OrderPlaced>(customerEvents.find((e) => e.type === 'OrderPlaced' && e.data.idempotencyKey === 'base')!).data;
      const orderId = deterministicId('order', 'partner-a', 'lost');
      lostOrder = {
        ...placed,
        orderId,
        idempotencyKey: 'lost',
        requestHash: 'lost',
        lines: placed.lines.map((line, i) => ({ ...line, subscriptionId: deterministicId('subscription', orderId, String(i)) })),
      };
      await store.append(`customer-${customerId}`, [{ id: deterministicId('crash-test', 'order'), type: 'OrderPlaced', data: lostOrder as unknown as Record<string, unknown>, metadata: metadataFor({ actor, correlationId: 'crash', causationId: null }, now) }], customerEvents.at(-1)!.revision);
    } finally {
      await store.close();
    }

    service = await ServiceProcess.start(dataDir);
    const suspendedAddOn = await until(async () => {
      const view = await service!.request('GET', `/v1/subscriptions/${addOnId}`, { token: admin });
      return view.body?.status === 'suspended' ? view.body : null;
    }, 'the add-on to follow its base');
    expect(suspendedAddOn).toMatchObject({ suspensionReason: 'non-payment', serviceAccess: false });
    const history = (await service.request('GET', `/v1/subscriptions/${addOnId}/history`, { token: admin })).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'SubscriptionSuspended', causationId: suspensionId });

    const lostSubscription = lostOrder.lines[0].subscriptionId;
    const bought = await until(async () => {
      const view = await service!.request('GET', `/v1/subscriptions/${lostSubscription}`, { token: admin });
      return view.status === 200 ? view.body : null;
    }, 'the order to get its subscription');
    expect(bought).toMatchObject({ orderId: lostOrder.orderId, customerId, status: 'active' });
    // Exactly once: the workflow wrote the purchase a single time.
    const purchases = (await service.request('GET', `/v1/subscriptions/${lostSubscription}/history`, { token: admin })).body.items.filter((e: { type: string }) => e.type === 'SubscriptionPurchased');
    expect(purchases).toHaveLength(1);
  }, 150_000);
});
