import { NewCommerceEvent, newCommerceDecider, NewCommerceState, SubscriptionEvent, subscriptionDecider, Subscription, SubscriptionState } from '@ledger/domain';
import { StreamModel } from '../commands/stream-decision';

/** One stream per subscription, whatever its programme: legacy events or new-commerce ones (R25), never both. */
export const subscriptionStream = (subscriptionId: string): string => `subscription-${subscriptionId}`;

export const subscriptionModel: StreamModel<SubscriptionState, SubscriptionEvent> = subscriptionDecider;

/** A new-commerce subscription's stream folded (its legacy fold stays 'none', and the other way round). */
export const newCommerceModel: StreamModel<NewCommerceState, NewCommerceEvent> = newCommerceDecider;

export function isSubscription(state: SubscriptionState): state is Subscription {
  return state.status !== 'none';
}
