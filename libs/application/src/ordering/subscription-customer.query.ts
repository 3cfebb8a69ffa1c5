import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { NotFoundError } from '../commands/application-errors';
import { loadStream } from '../commands/stream-decision';
import { DomainError } from '@ledger/domain';
import { isSubscription, newCommerceModel, subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';

/** The customer an add-on order is for: the base subscription's, from its stream (exact); a new-commerce base takes no add-ons here. */
export class SubscriptionCustomerQuery {
  constructor(readonly partnerId: string, readonly subscriptionId: string) {}
}

@QueryHandler(SubscriptionCustomerQuery)
export class SubscriptionCustomerHandler implements IQueryHandler<SubscriptionCustomerQuery, string> {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  async execute({ partnerId, subscriptionId }: SubscriptionCustomerQuery): Promise<string> {
    const stream = subscriptionStream(subscriptionId);
    const { state } = await loadStream(this.eventStore, stream, subscriptionModel);
    if (isSubscription(state) && state.partnerId === partnerId) return state.customerId;
    // R15 add-ons are sold on legacy bases: a new-commerce base of the caller's says so (409) rather than looking missing.
    const newCommerce = state.status === 'none' ? (await loadStream(this.eventStore, stream, newCommerceModel)).state : null;
    if (newCommerce && newCommerce.status !== 'none' && newCommerce.partnerId === partnerId) {
      throw new DomainError('add-on-not-allowed', `subscription ${subscriptionId} is a new-commerce subscription: add-ons are sold here on legacy subscriptions only; buy the add-on offer as a subscription of its own`);
    }
    throw new NotFoundError('subscription', subscriptionId);
  }
}
