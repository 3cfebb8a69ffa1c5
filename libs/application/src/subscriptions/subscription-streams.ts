import { SubscriptionEvent, subscriptionDecider, Subscription, SubscriptionState } from '@ledger/domain';
import { StreamModel } from '../commands/stream-decision';

export const subscriptionStream = (subscriptionId: string): string => `subscription-${subscriptionId}`;

export const subscriptionModel: StreamModel<SubscriptionState, SubscriptionEvent> = subscriptionDecider;

export function isSubscription(state: SubscriptionState): state is Subscription {
  return state.status !== 'none';
}
