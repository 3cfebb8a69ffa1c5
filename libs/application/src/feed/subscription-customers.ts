import { RecordedEvent } from '../ports/event-store.port';
import { CollectionSchema, DocumentWrite, ReadDocument, ReadStore } from '../ports/read-store.port';
import { ownCustomerIdOf, subscriptionIdOf } from './integration-event';

interface SubscriptionCustomerDocument extends ReadDocument {
  customerId: string;
}

export const SUBSCRIPTION_CUSTOMER_SCHEMA: CollectionSchema = { columns: {}, indexes: [] };
const CACHED = 50_000;

/**
 * Most subscription events do not name their customer; SubscriptionPurchased or NewCommerceSubscriptionPurchased (the first
 * event of every subscription stream) does. A consumer that must show or filter by the
 * customer keeps its own subscription -> customer documents, written in the same commit
 * as what it derives from them, so they are never behind its checkpoint (a shared read
 * model could lag the consumer).
 */
export class SubscriptionCustomers {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly readStore: ReadStore,
    readonly collection: string,
  ) {}

  async define(): Promise<void> {
    await this.readStore.defineCollection(this.collection, SUBSCRIPTION_CUSTOMER_SCHEMA);
  }

  /** The customer of each event of the batch (by event id) and the lookup documents to write with it. */
  async resolve(batch: RecordedEvent[]): Promise<{ customers: Map<string, string | null>; writes: DocumentWrite[] }> {
    const learned = new Map<string, { customerId: string; position: string }>();
    for (const event of batch) {
      const subscriptionId = subscriptionIdOf(event);
      const customerId = ownCustomerIdOf(event);
      if ((event.type === 'SubscriptionPurchased' || event.type === 'NewCommerceSubscriptionPurchased') && subscriptionId && customerId) learned.set(subscriptionId, { customerId, position: event.position });
    }
    const unknown = new Set<string>();
    for (const event of batch) {
      const subscriptionId = subscriptionIdOf(event);
      if (subscriptionId && ownCustomerIdOf(event) === null && !learned.has(subscriptionId) && !this.cache.has(subscriptionId)) unknown.add(subscriptionId);
    }
    if (unknown.size > 0) {
      for (const doc of await this.readStore.getMany<SubscriptionCustomerDocument>(this.collection, [...unknown])) this.remember(doc.id, doc.customerId);
    }
    for (const [subscriptionId, { customerId }] of learned) this.remember(subscriptionId, customerId);
    const customers = new Map<string, string | null>();
    for (const event of batch) {
      const subscriptionId = subscriptionIdOf(event);
      customers.set(event.id, ownCustomerIdOf(event) ?? (subscriptionId ? this.cache.get(subscriptionId) ?? null : null));
    }
    const writes = [...learned].map(([id, { customerId, position }]) => ({ collection: this.collection, doc: { id, _position: position, customerId } }));
    return { customers, writes };
  }

  private remember(subscriptionId: string, customerId: string): void {
    if (this.cache.size >= CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(subscriptionId, customerId);
  }
}
