import { Inject, Injectable } from '@nestjs/common';
import { CoTermCandidate, CustomerState, HeldStatus, OrderContext, OrderLineInput } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { loadStream } from '../commands/stream-decision';
import { CatalogReader } from '../catalog/catalog-reader';
import { newCommerceModel, subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';
import { coTermCandidates } from '../subscriptions/co-term-candidates';

/**
 * What the order decider needs besides the customer: the catalog and the exact status of
 * every subscription holding a one-per-customer offer, read from their streams (a read
 * model could lag and let R8c slip). A stream not written yet is 'pending' and holds.
 * R30: a line giving a `customTermEndDate` also needs the customer's new-commerce
 * subscriptions' term ends (from the read model: a date it has not seen yet is refused,
 * never a wrong one accepted, since a term end only moves later).
 */
@Injectable()
export class OrderContextLoader {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly catalog: CatalogReader,
  ) {}

  async load(customer: CustomerState, lines: OrderLineInput[], now: Date): Promise<OrderContext> {
    const offers = await this.catalog.offers();
    const statuses = new Map<string, HeldStatus>();
    if (customer.status === 'created') {
      const held = lines.flatMap((line) => customer.heldOnePerCustomer[line.offerId] ?? []);
      for (const subscriptionId of held) {
        const stream = subscriptionStream(subscriptionId);
        const { state } = await loadStream(this.eventStore, stream, subscriptionModel);
        const status = state.status !== 'none' ? state.status : (await loadStream(this.eventStore, stream, newCommerceModel)).state.status;
        statuses.set(subscriptionId, status === 'none' ? 'pending' : status);
      }
    }
    const coTerming = customer.status === 'created' && lines.some((line) => line.customTermEndDate != null);
    const candidates: CoTermCandidate[] = coTerming ? await coTermCandidates(this.readStore, customer.partnerId, customer.customerId) : [];
    return { offers, statuses, now, coTermCandidates: candidates };
  }
}
