import { NewCommerceEvent, newCommerceDecider, OrderPlaced, PlacedLine, subscriptionDecider, SubscriptionEvent } from '@ledger/domain';
import { deterministicId } from '../commands/deterministic-id';
import { subscriptionStream } from '../subscriptions/subscription-streams';

interface Purchase<P extends 'legacy' | 'new-commerce', E> {
  program: P;
  subscriptionId: string;
  stream: string;
  /** The new stream's first events (legacy: SubscriptionPurchased and, out of trial, SubscriptionCharged; new commerce: its purchase and first cycle's charge). */
  events: E[];
  /** Deterministic: a retry or a repeated key writes the same ids, recognised as a repeat. */
  eventIds: string[];
}

export type LinePurchase = Purchase<'legacy', SubscriptionEvent> | Purchase<'new-commerce', NewCommerceEvent>;

/** The purchase of one order line, decided on a new stream at the order's instant by its programme's decider (R25). */
export function linePurchase(order: OrderPlaced['data'], index: number): LinePurchase {
  const line = order.lines[index];
  const now = new Date(order.placedAt);
  const ids = (events: unknown[]) => events.map((_event, i) => purchaseEventId(order.orderId, line.subscriptionId, index, i));
  const base = { subscriptionId: line.subscriptionId, stream: subscriptionStream(line.subscriptionId) };
  if (line.option) {
    const events = newCommerceDecider.decide(newCommercePurchase(order, line), newCommerceDecider.initialState, { now });
    return { program: 'new-commerce', ...base, events, eventIds: ids(events) };
  }
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
    { now },
  );
  return { program: 'legacy', ...base, events, eventIds: ids(events) };
}

function newCommercePurchase(order: OrderPlaced['data'], line: PlacedLine) {
  return {
    type: 'PurchaseNewCommerce' as const,
    subscriptionId: line.subscriptionId,
    customerId: order.customerId,
    partnerId: order.partnerId,
    orderId: order.orderId,
    offer: line.offer,
    option: line.option!,
    quantity: line.quantity ?? 0,
    coTerm: line.coTerm ? { date: new Date(line.coTerm.date), kind: line.coTerm.kind, ...(line.coTerm.subscriptionId ? { subscriptionId: line.coTerm.subscriptionId } : {}) } : null,
  };
}

export function purchaseEventId(orderId: string, subscriptionId: string, line: number, event: number): string {
  return deterministicId(orderId, subscriptionId, String(line), String(event));
}
