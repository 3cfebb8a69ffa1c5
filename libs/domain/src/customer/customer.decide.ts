import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { snapshotOf } from '../catalog/offer';
import { SEGMENTS } from '../catalog/segment';
import { PlaceOrder } from '../order/order.commands';
import { OrderContext, reviewOrder } from '../order/review-order';
import { NewCommerceLinePlan } from '../order/new-commerce-line';
import { PlacedLine } from '../order/order.events';
import { CreateCustomer, CustomerCommand } from './customer.commands';
import { CustomerEvent } from './customer.events';
import { CustomerState, evolveCustomer, initialCustomerState } from './customer.state';

export interface CustomerContext {
  now: Date;
  /** Catalog and held subscriptions' statuses, needed by PlaceOrder only. */
  order?: OrderContext;
}

export function decideCustomer(command: CustomerCommand, state: CustomerState, context: CustomerContext): CustomerEvent[] {
  switch (command.type) {
    case 'CreateCustomer':
      return createCustomer(command, state, context.now);
    case 'PlaceOrder':
      if (!context.order) throw new Error('PlaceOrder needs the catalog and subscription statuses');
      return placeOrder(command, state, context.now, context.order);
  }
}

/** R4: a customer has a name, an ISO 3166-1 alpha-2 billing country and a segment. */
function createCustomer(command: CreateCustomer, state: CustomerState, now: Date): CustomerEvent[] {
  if (state.status !== 'none') {
    throw new DomainError('customer-exists', `customer ${command.customerId} already exists`);
  }
  const name = command.name.trim();
  if (name.length === 0) throw new DomainError('invalid-name', 'a customer needs a non-empty name');
  if (!/^[A-Z]{2}$/.test(command.billingCountry)) {
    throw new DomainError('invalid-country', `billing country must be ISO 3166-1 alpha-2, got ${command.billingCountry}`);
  }
  if (!SEGMENTS.includes(command.segment)) {
    throw new DomainError('invalid-segment', `segment must be one of ${SEGMENTS.join(', ')}`);
  }
  return [
    {
      type: 'CustomerCreated',
      data: {
        customerId: command.customerId,
        partnerId: command.partnerId,
        name,
        billingCountry: command.billingCountry,
        segment: command.segment,
        createdAt: now.toISOString(),
      },
    },
  ];
}

/**
 * R7-R10: all lines or none, decided on the customer stream so that two racing
 * purchases of a one-per-customer offer cannot both be appended (R9).
 */
function placeOrder(command: PlaceOrder, state: CustomerState, now: Date, context: OrderContext): CustomerEvent[] {
  if (state.status !== 'created' || state.partnerId !== command.partnerId) {
    throw new DomainError('customer-not-found', `customer ${command.customerId} not found`);
  }
  const previous = state.ordersByKey.get(command.idempotencyKey);
  if (previous) {
    if (previous.requestHash !== command.requestHash) {
      throw new DomainError('idempotency-key-reused', `Idempotency-Key ${command.idempotencyKey} was used for a different order (${previous.orderId}): use a new key`);
    }
    return []; // R10: a repeat; the first order stands.
  }
  if (command.parent) {
    if (command.parent.status !== 'active') {
      throw new DomainError('subscription-not-active', `add-ons can only be bought for an active subscription; ${command.parent.subscriptionId} is ${command.parent.status}`);
    }
    const notAllowed = command.lines.find((line) => !command.parent!.addOnOfferIds.includes(line.offerId));
    if (notAllowed) {
      throw new DomainError('add-on-not-allowed', `${notAllowed.offerId} is not an add-on of ${command.parent.offerId}`, { allowed: command.parent.addOnOfferIds });
    }
  }
  const review = reviewOrder(command.lines, state, command.partnerId, { ...context, now });
  if (!review.valid) {
    throw new DomainError('order-refused', 'some lines cannot be bought: nothing was bought (see lines)', { lines: review.lines });
  }
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: command.orderId,
        customerId: command.customerId,
        partnerId: command.partnerId,
        placedAt: now.toISOString(),
        idempotencyKey: command.idempotencyKey,
        requestHash: command.requestHash,
        parentSubscriptionId: command.parent?.subscriptionId ?? null,
        baseTerm: command.parent
          ? { subscriptionId: command.parent.subscriptionId, billingFrequency: command.parent.billingFrequency, termStartedAt: command.parent.termStartedAt, termEndsAt: command.parent.termEndsAt }
          : null,
        lines: command.lines.map((line, i) => {
          const offer = context.offers.get(line.offerId)!;
          return {
            subscriptionId: line.subscriptionId,
            offer: snapshotOf(offer),
            quantity: review.lines[i].quantity,
            onePerCustomer: offer.onePerCustomer,
            totalCents: review.lines[i].totalCents,
            ...newCommerceOf(review.lines[i].newCommerce),
          };
        }),
      },
    },
  ];
}

/** R25, R30: what a new-commerce line records of its plan (legacy lines record nothing more). */
function newCommerceOf(plan: NewCommerceLinePlan | undefined): Pick<PlacedLine, 'option' | 'coTerm'> {
  if (!plan) return {};
  const coTerm = plan.coTerm ? { date: plan.coTerm.date.toISOString(), kind: plan.coTerm.kind, subscriptionId: plan.coTerm.subscriptionId ?? null } : null;
  return { option: plan.option, coTerm };
}

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState, CustomerContext> = {
  initialState: initialCustomerState,
  evolve: evolveCustomer,
  decide: decideCustomer,
};
