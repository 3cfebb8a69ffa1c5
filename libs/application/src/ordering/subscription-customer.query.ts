import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { NotFoundError } from '../commands/application-errors';
import { loadStream } from '../commands/stream-decision';
import { isSubscription, subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';

/** The customer an add-on order is for: the base subscription's, from its stream (exact). */
export class SubscriptionCustomerQuery {
  constructor(readonly partnerId: string, readonly subscriptionId: string) {}
}

@QueryHandler(SubscriptionCustomerQuery)
export class SubscriptionCustomerHandler implements IQueryHandler<SubscriptionCustomerQuery, string> {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  async execute({ partnerId, subscriptionId }: SubscriptionCustomerQuery): Promise<string> {
    const { state } = await loadStream(this.eventStore, subscriptionStream(subscriptionId), subscriptionModel);
    if (!isSubscription(state) || state.partnerId !== partnerId) throw new NotFoundError('subscription', subscriptionId);
    return state.customerId;
  }
}
