import { Inject, Injectable } from '@nestjs/common';
import { CustomerState, HeldStatus, OrderContext } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { loadStream } from '../commands/stream-decision';
import { CatalogReader } from '../catalog/catalog-reader';
import { subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';

/**
 * What the order decider needs besides the customer: the catalog and the exact status of
 * every subscription holding a one-per-customer offer, read from their streams (a read
 * model could lag and let R8c slip). A stream not written yet is 'pending' and holds.
 */
@Injectable()
export class OrderContextLoader {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly catalog: CatalogReader,
  ) {}

  async load(customer: CustomerState, offerIds: string[]): Promise<OrderContext> {
    const offers = await this.catalog.offers();
    const statuses = new Map<string, HeldStatus>();
    if (customer.status === 'created') {
      const held = offerIds.flatMap((offerId) => customer.heldOnePerCustomer[offerId] ?? []);
      for (const subscriptionId of held) {
        const { state } = await loadStream(this.eventStore, subscriptionStream(subscriptionId), subscriptionModel);
        statuses.set(subscriptionId, state.status === 'none' ? 'pending' : state.status);
      }
    }
    return { offers, statuses };
  }
}
