import { RecordedEvent } from '@ledger/application';
import { ReadStore } from '@ledger/application';
import { EVENT_FEED_COLLECTION, EVENT_FEED_LOOKUP_COLLECTION, EVENT_FEED_SCHEMA, EventFeedDocument } from '@ledger/application/feed/event-feed.model';
import { eventFeedRows } from '@ledger/application/feed/event-feed.rows';
import { SubscriptionCustomers } from '@ledger/application/feed/subscription-customers';
import { OpenedReadStore, READ_STORE_ADAPTERS } from '../support/read-store-adapters';

const pos = (n: number) => String(n).padStart(16, '0');
function event(n: number, stream: string, type: string, data: Record<string, unknown>, partnerId = 'p-1', userId = 'u-1'): RecordedEvent {
  return {
    id: `e-${n}`,
    type,
    data,
    metadata: { correlationId: `c-${n}`, causationId: null, actor: { userId, partnerId, roles: ['admin-agent'] }, occurredAt: `2026-01-31T09:00:0${n}.000Z`, schema: 1 },
    stream,
    revision: 0,
    position: pos(n),
  };
}

const catalogImported = event(1, 'catalog', 'OfferImported', { offerId: 'o-1' });
const customerCreated = event(2, 'customer-c-1', 'CustomerCreated', { customerId: 'c-1', partnerId: 'p-1' });
const purchased = event(3, 'subscription-s-1', 'SubscriptionPurchased', { subscriptionId: 's-1', customerId: 'c-1', partnerId: 'p-1' });
const suspended = event(4, 'subscription-s-1', 'SubscriptionSuspended', { subscriptionId: 's-1', reason: 'other' }, 'p-1', 'u-2');

describe.each(READ_STORE_ADAPTERS)('R23 event feed rows ($name read store)', ({ open }) => {
  let opened: OpenedReadStore;
  let store: ReadStore;

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.defineCollection(EVENT_FEED_COLLECTION, EVENT_FEED_SCHEMA);
  });
  afterEach(() => opened.cleanup());

  /** One batch as the feed writer commits it: lookup documents and rows together. */
  async function apply(customers: SubscriptionCustomers, batch: RecordedEvent[]): Promise<number> {
    const lookup = await customers.resolve(batch);
    return (await store.commit({ writes: [...lookup.writes, ...eventFeedRows(batch, lookup.customers)] })).applied;
  }

  it('R23: one row per partner event keyed by position; the shared catalog belongs to no partner', async () => {
    const customers = new SubscriptionCustomers(store, EVENT_FEED_LOOKUP_COLLECTION);
    await customers.define();
    await apply(customers, [catalogImported, customerCreated]);
    const page = await store.find<EventFeedDocument>(EVENT_FEED_COLLECTION, { partnerId: 'p-1' });
    expect(page.items.map((d) => d.id)).toEqual([pos(2)]);
    expect(page.items[0].event).toMatchObject({ id: 'e-2', type: 'CustomerCreated', customerId: 'c-1', subscriptionId: null, partnerId: 'p-1', actor: { userId: 'u-1' }, correlationId: 'c-2' });
  });

  it('R23: a subscription event without a customer gets it from the purchase, even after a restart', async () => {
    const first = new SubscriptionCustomers(store, EVENT_FEED_LOOKUP_COLLECTION);
    await first.define();
    await apply(first, [customerCreated, purchased]);
    // A fresh instance (restarted worker) has an empty cache: the lookup document answers.
    const restarted = new SubscriptionCustomers(store, EVENT_FEED_LOOKUP_COLLECTION);
    await apply(restarted, [suspended]);
    const page = await store.find<EventFeedDocument>(EVENT_FEED_COLLECTION, { partnerId: 'p-1', customerId: 'c-1' });
    expect(page.items.map((d) => [d.event.type, d.event.subscriptionId])).toEqual([
      ['CustomerCreated', null],
      ['SubscriptionPurchased', 's-1'],
      ['SubscriptionSuspended', 's-1'],
    ]);
    expect((await store.find(EVENT_FEED_COLLECTION, { partnerId: 'p-1', userId: 'u-2' })).items.map((d) => d.id)).toEqual([pos(4)]);
  });

  it('R23: an event delivered twice changes nothing', async () => {
    const customers = new SubscriptionCustomers(store, EVENT_FEED_LOOKUP_COLLECTION);
    await customers.define();
    await apply(customers, [customerCreated, purchased, suspended]);
    const before = await store.find(EVENT_FEED_COLLECTION, { partnerId: 'p-1' });
    expect(await apply(customers, [purchased, suspended])).toBe(0);
    expect(await store.find(EVENT_FEED_COLLECTION, { partnerId: 'p-1' })).toEqual(before);
  });

  it('R1: another partner sees none of these rows', async () => {
    const customers = new SubscriptionCustomers(store, EVENT_FEED_LOOKUP_COLLECTION);
    await customers.define();
    await apply(customers, [customerCreated, purchased, event(5, 'customer-c-9', 'CustomerCreated', { customerId: 'c-9', partnerId: 'p-2' }, 'p-2')]);
    expect((await store.find<EventFeedDocument>(EVENT_FEED_COLLECTION, { partnerId: 'p-2' })).items.map((d) => d.event.customerId)).toEqual(['c-9']);
  });
});
