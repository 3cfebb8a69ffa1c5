import { OrderPlaced, subscriptionDecider, SubscriptionEvent } from '@ledger/domain';
import { deterministicId } from '../commands/deterministic-id';
import { subscriptionStream } from '../subscriptions/subscription-streams';

export interface LinePurchase {
  subscriptionId: string;
  stream: string;
  /** The new stream's first events (SubscriptionPurchased, and SubscriptionCharged when not in trial). */
  events: SubscriptionEvent[];
  /** Deterministic: a retry or a repeated key writes the same ids, recognised as a repeat. */
  eventIds: string[];
}

/** The purchase of one order line, as the subscription decider decides it on a new stream at the order's instant. */
export function linePurchase(order: OrderPlaced['data'], index: number): LinePurchase {
  const line = order.lines[index];
  const events = subscriptionDecider.decide(
    {
      type: 'Purchase',
      subscriptionId: line.subscriptionId,
      customerId: order.customerId,
      partnerId: order.partnerId,
      orderId: order.orderId,
      offer: line.offer,
      quantity: line.quantity,
      parentSubscriptionId: order.parentSubscriptionId,
      baseTerm: order.baseTerm,
    },
    subscriptionDecider.initialState,
    { now: new Date(order.placedAt) },
  );
  return {
    subscriptionId: line.subscriptionId,
    stream: subscriptionStream(line.subscriptionId),
    events,
    eventIds: events.map((_event, i) => purchaseEventId(order.orderId, line.subscriptionId, index, i)),
  };
}

export function purchaseEventId(orderId: string, subscriptionId: string, line: number, event: number): string {
  return deterministicId(orderId, subscriptionId, String(line), String(event));
}
