import { findPurchaseOption, isNewCommerce, Offer, TermChoice } from './offer';

/** R8 reason codes, one per rule. */
export type ReasonCode =
  | 'offer-not-found'
  | 'customer-not-found'
  | 'one-per-customer'
  | 'suspended-subscription-exists'
  | 'country-not-supported'
  | 'segment-not-supported'
  | 'exclusive-offer'
  | 'not-transactable'
  | 'invalid-quantity'
  | 'invalid-term'
  | 'invalid-term-end-date';

export interface Reason {
  code: ReasonCode;
  message: string;
  subscriptionId?: string;
}

/** Status of a subscription the customer holds, as far as R8c/d care ('pending': bought, not yet created). */
export type HeldStatus = 'pending' | 'active' | 'suspended' | 'cancelled' | 'expired' | 'deleted';

export interface Buyer {
  customerId: string;
  partnerId: string;
  billingCountry: string;
  segment: string;
}

export interface HeldSubscription {
  subscriptionId: string;
  status: HeldStatus;
}

const RELEASED: readonly HeldStatus[] = ['cancelled', 'expired', 'deleted'];

/** R8b, e, f, g, h: rules about who may buy the offer at all. */
function offerReasons(offer: Offer, buyer: Buyer, callerPartnerId: string): Reason[] {
  const reasons: Reason[] = [];
  if (offer.exclusiveTo && !offer.exclusiveTo.includes(callerPartnerId)) {
    reasons.push({ code: 'exclusive-offer', message: `${offer.name} is exclusive to other partners` });
  }
  if (!offer.transactable) {
    reasons.push({ code: 'not-transactable', message: `${offer.name} is usage-based ISV software: buy it in the publisher's marketplace` });
  }
  if (offer.countries !== 'all' && !offer.countries.includes(buyer.billingCountry)) {
    reasons.push({ code: 'country-not-supported', message: `${offer.name} is not sold in ${buyer.billingCountry} (only ${offer.countries.join(', ')})` });
  }
  if (!offer.segments.includes(buyer.segment as Offer['segments'][number])) {
    reasons.push({ code: 'segment-not-supported', message: `${offer.name} is sold to ${offer.segments.join(', ')} customers, not ${buyer.segment}` });
  }
  return reasons;
}

/** R8c, d: one subscription per customer for such offers, unless the existing one has ended. */
function onePerCustomerReasons(offer: Offer, held: HeldSubscription[], alreadyInOrder: boolean): Reason[] {
  if (!offer.onePerCustomer) return [];
  const live = held.filter((h) => !RELEASED.includes(h.status));
  const suspended = live.find((h) => h.status === 'suspended');
  if (suspended) {
    return [{
      code: 'suspended-subscription-exists',
      message: `suspended subscription ${suspended.subscriptionId} exists: reactivate it instead of buying`,
      subscriptionId: suspended.subscriptionId,
    }];
  }
  if (live.length > 0) {
    return [{
      code: 'one-per-customer',
      message: `${offer.name} is limited to one per customer and subscription ${live[0].subscriptionId} exists`,
      subscriptionId: live[0].subscriptionId,
    }];
  }
  if (alreadyInOrder) return [{ code: 'one-per-customer', message: `${offer.name} is limited to one per customer: it is already in this order` }];
  return [];
}

/** R8i: license offers need an integer quantity within bounds; usage offers take none. */
export function quantityReasons(offer: Pick<Offer, 'billingType' | 'minQuantity' | 'maxQuantity'>, quantity: number | undefined | null): Reason[] {
  if (offer.billingType === 'usage') {
    return quantity === undefined || quantity === null ? [] : [{ code: 'invalid-quantity', message: 'usage-based offers take no quantity' }];
  }
  const min = offer.minQuantity ?? 1;
  const max = offer.maxQuantity ?? Number.MAX_SAFE_INTEGER;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < min || quantity > max) {
    return [{ code: 'invalid-quantity', message: `quantity must be a whole number from ${min} to ${max}` }];
  }
  return [];
}

/**
 * R25, R8j: a new-commerce line names one of the offer's listed purchase options (term
 * duration and billing frequency); a legacy line names none.
 */
export function termReasons(offer: Pick<Offer, 'name' | 'program' | 'purchaseOptions'>, choice: TermChoice): Reason[] {
  const named = (choice.termDuration ?? null) !== null || (choice.billingFrequency ?? null) !== null;
  if (!isNewCommerce(offer)) {
    return named ? [{ code: 'invalid-term', message: `${offer.name} is a legacy offer: its term comes from the offer, name no termDuration or billingFrequency` }] : [];
  }
  if (findPurchaseOption(offer, choice)) return [];
  const listed = (offer.purchaseOptions ?? []).map((o) => `${o.termDuration} billed ${o.billingFrequency}`).join(', ');
  return [{
    code: 'invalid-term',
    message: named
      ? `${offer.name} is not sold as ${choice.termDuration ?? '(no term)'} billed ${choice.billingFrequency ?? '(no frequency)'}: choose one of ${listed}`
      : `${offer.name} is a new-commerce offer: name a termDuration and billingFrequency, one of ${listed}`,
  }];
}

export interface LineCheck {
  offer: Offer | null;
  offerId: string;
  buyer: Buyer | null;
  callerPartnerId: string;
  quantity?: number | null;
  /** R25: the purchase option the line names (new-commerce offers only). */
  termDuration?: string | null;
  billingFrequency?: string | null;
  held: HeldSubscription[];
  alreadyInOrder: boolean;
}

/** Every R8 reason that refuses one order line (empty: the line can be bought). */
export function lineRefusals(line: LineCheck): Reason[] {
  if (!line.buyer || line.buyer.partnerId !== line.callerPartnerId) {
    return [{ code: 'customer-not-found', message: 'no such customer for your partner account' }];
  }
  if (!line.offer) return [{ code: 'offer-not-found', message: `offer ${line.offerId} is not in the catalog` }];
  return [
    ...offerReasons(line.offer, line.buyer, line.callerPartnerId),
    ...onePerCustomerReasons(line.offer, line.held, line.alreadyInOrder),
    ...quantityReasons(line.offer, line.quantity),
    ...termReasons(line.offer, line),
  ];
}

/** R6: whether this customer can buy the offer, and if not why (quantity is not judged here). */
export function offerEligibility(offer: Offer, buyer: Buyer, callerPartnerId: string, held: HeldSubscription[]): { purchasable: boolean; reasons: Reason[] } {
  const reasons = [...offerReasons(offer, buyer, callerPartnerId), ...onePerCustomerReasons(offer, held, false)];
  return { purchasable: reasons.length === 0, reasons };
}
