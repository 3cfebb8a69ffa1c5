import { NewCommerceEvent, SubscriptionEvent } from '@ledger/domain';
import { EventStore, Position } from '../ports/event-store.port';
import { rememberStream } from '../commands/stream-decision';
import { isSubscription, newCommerceModel, subscriptionModel } from '../subscriptions/subscription-streams';
import { subscriptionView, SubscriptionView } from '../subscriptions/subscription-view';
import { newCommerceView } from '../subscriptions/new-commerce-view';
import { LinePurchase } from './order-purchases';

type PurchaseEvents = Pick<LinePurchase, 'program' | 'subscriptionId'> & { events: Array<SubscriptionEvent | NewCommerceEvent> };

/**
 * The view of a subscription right after its purchase, folded by its programme's model
 * (R25). `placedAt` is the order's instant: a repeated key answers the same bytes.
 */
export function purchasedView(purchase: PurchaseEvents, revision: number, placedAt: string): SubscriptionView {
  if (purchase.program === 'new-commerce') {
    const state = (purchase.events as NewCommerceEvent[]).reduce(newCommerceModel.evolve, newCommerceModel.initialState);
    if (state.status === 'none') throw new Error(`the purchase of ${purchase.subscriptionId} made no subscription`);
    return newCommerceView(state, revision, new Date(placedAt));
  }
  const state = (purchase.events as SubscriptionEvent[]).reduce(subscriptionModel.evolve, subscriptionModel.initialState);
  if (!isSubscription(state)) throw new Error(`the purchase of ${purchase.subscriptionId} made no subscription`);
  return subscriptionView(state, revision);
}

/** What a handler just appended for a purchase is the new stream's state: remembered for the next command. */
export function rememberPurchase(eventStore: EventStore, purchase: LinePurchase, revision: number, position: Position): void {
  if (purchase.program === 'new-commerce') {
    rememberStream(eventStore, purchase.stream, newCommerceModel, { state: purchase.events.reduce(newCommerceModel.evolve, newCommerceModel.initialState), revision, position });
  } else {
    rememberStream(eventStore, purchase.stream, subscriptionModel, { state: purchase.events.reduce(subscriptionModel.evolve, subscriptionModel.initialState), revision, position });
  }
}
