import { DomainError } from '../shared/domain-error';
import { customerDecider, CustomerContext } from '../customer/customer.decide';
import { CustomerEvent } from '../customer/customer.events';
import { CustomerState } from '../customer/customer.state';
import { subscriptionDecider } from '../subscription/subscription.decide';
import { AddOnAttached } from '../subscription/subscription.events';
import { SubscriptionState } from '../subscription/subscription.state';
import { SUBSCRIPTION_REFUSALS as R } from '../subscription/reason-codes';
import { PlaceOrder } from './order.commands';

/** An order as the caller asks for it: on top of a base subscription (R15) or not. */
export type OrderRequestCommand = Omit<PlaceOrder, 'parent'>;

/** What one order decision writes: the customer's OrderPlaced, and for add-ons the base's AddOnAttached. */
export interface OrderDecision {
  customer: CustomerEvent[];
  /** The base's events (one AddOnAttached per line); empty for an order with no base. */
  base: AddOnAttached[];
}

/** The base as an add-on order reads it (R15): its offer, status and current term. */
export function addOnParent(base: SubscriptionState): NonNullable<PlaceOrder['parent']> {
  if (base.status === 'none') throw new DomainError(R.notFound, 'the subscription to buy add-ons for does not exist');
  return {
    subscriptionId: base.subscriptionId,
    offerId: base.offer.offerId,
    addOnOfferIds: base.offer.addOnOfferIds,
    status: base.status,
    billingFrequency: base.offer.billingFrequency,
    termStartedAt: base.termStartedAt,
    termEndsAt: base.termEndsAt,
  };
}

/**
 * R7-R10, R15, R18: one order decision. An add-on order spans two aggregates and is
 * decided on both at once: the customer (R8c/R9, R10) takes the OrderPlaced and the base
 * takes an AddOnAttached per line, both from the states read; the caller appends both,
 * each at the revision it read, in one atomic append. So an add-on is bought only on a base
 * that is active at that revision, and is on its base's list from its first event on:
 * a suspension, cancellation or expiry of the base either comes before (and the order is
 * refused, `subscription-not-active`) or after (and its cascade reaches the add-on).
 * A repeated key (R10) decides nothing, whatever the base is now. A line the base already
 * lists (a store that appends stream by stream wrote that part before failing) is not
 * attached twice.
 */
export function decideOrder(command: OrderRequestCommand, customer: CustomerState, base: SubscriptionState | null, context: CustomerContext): OrderDecision {
  const parent = base ? addOnParent(base) : null;
  const customerEvents = customerDecider.decide({ ...command, parent }, customer, context);
  const placed = customerEvents.find((event) => event.type === 'OrderPlaced');
  if (!placed || !base || base.status === 'none') return { customer: customerEvents, base: [] };
  const baseEvents: AddOnAttached[] = [];
  let state: SubscriptionState = base;
  for (const line of placed.data.lines) {
    if (state.status !== 'none' && state.addOnIds.includes(line.subscriptionId)) continue;
    const attached = subscriptionDecider.decide({ type: 'AttachAddOn', addOnSubscriptionId: line.subscriptionId, offerId: line.offer.offerId }, state, { now: context.now });
    state = attached.reduce(subscriptionDecider.evolve, state);
    baseEvents.push(...attached.filter((event): event is AddOnAttached => event.type === 'AddOnAttached'));
  }
  return { customer: customerEvents, base: baseEvents };
}
