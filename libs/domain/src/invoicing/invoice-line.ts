import { SubscriptionCharged, SubscriptionCredited, SubscriptionEvent } from '../subscription/subscription.events';
import { NewCommerceCharged, NewCommerceCredited, NewCommerceEvent } from '../subscription/new-commerce/new-commerce.events';

/**
 * R32's charge types. A kind the ledger gains later (e.g. `reactivation`, R16a) passes
 * through as it is named on the charge.
 */
export type ChargeType =
  | 'purchase'
  | 'renewal'
  | 'cycle'
  | 'trial-conversion'
  | 'quantity-increase'
  | 'quantity-decrease'
  | 'add-on'
  | 'cancellation'
  | 'co-term'
  | 'reactivation';

/** What an invoice line needs to know of its subscription that legacy charges do not carry. */
export interface BilledSubscription {
  subscriptionId: string;
  partnerId: string;
  customerId: string;
  offerId: string;
  offerName: string;
  /** R15: an add-on's purchase is billed as `add-on`. */
  addOn: boolean;
  quantity: number | null;
  unitPriceCents: number | null;
  termStartedAt: string;
  termEndsAt: string;
  /** The seats the latest quantity change added (positive) or removed (negative). */
  lastSeatChange: number;
}

export interface LineDetail {
  chargeType: ChargeType | string;
  quantity: number | null;
  unitPriceCents: number | null;
  servicePeriodStart: string;
  servicePeriodEnd: string;
}

export type BillingEvent = SubscriptionEvent | NewCommerceEvent;
export type ChargeEvent = SubscriptionCharged | SubscriptionCredited | NewCommerceCharged | NewCommerceCredited;

const CHARGE_TYPES = new Set(['SubscriptionCharged', 'SubscriptionCredited', 'NewCommerceCharged', 'NewCommerceCredited']);

export function isChargeEvent(event: { type: string }): event is ChargeEvent {
  return CHARGE_TYPES.has(event.type);
}

/** Folds what a line will need from a subscription's events (both programmes). */
export function evolveBilledSubscription(state: BilledSubscription | null, event: BillingEvent): BilledSubscription | null {
  switch (event.type) {
    case 'SubscriptionPurchased': {
      const d = event.data;
      return {
        subscriptionId: d.subscriptionId,
        partnerId: d.partnerId,
        customerId: d.customerId,
        offerId: d.offer.offerId,
        offerName: d.offer.name,
        addOn: d.parentSubscriptionId !== null,
        quantity: d.quantity,
        unitPriceCents: d.offer.unitPriceCents,
        termStartedAt: d.termStartedAt,
        termEndsAt: d.termEndsAt,
        lastSeatChange: 0,
      };
    }
    case 'NewCommerceSubscriptionPurchased': {
      const d = event.data;
      return {
        subscriptionId: d.subscriptionId,
        partnerId: d.partnerId,
        customerId: d.customerId,
        offerId: d.offer.offerId,
        offerName: d.offer.name,
        addOn: false,
        quantity: d.quantity,
        unitPriceCents: d.unitPriceCents,
        termStartedAt: d.termStartedAt,
        termEndsAt: d.termEndsAt,
        lastSeatChange: 0,
      };
    }
    default:
      if (!state) return null;
  }
  switch (event.type) {
    case 'TrialConverted':
    case 'SubscriptionRenewed':
      return { ...state, termStartedAt: event.data.termStartedAt, termEndsAt: event.data.termEndsAt };
    case 'NewCommerceSubscriptionRenewed':
      return { ...state, termStartedAt: event.data.termStartedAt, termEndsAt: event.data.termEndsAt, quantity: event.data.quantity, unitPriceCents: event.data.unitPriceCents };
    case 'QuantityChanged':
    case 'NewCommerceSeatsChanged':
      return { ...state, quantity: event.data.to, lastSeatChange: event.data.to - event.data.from };
    default:
      return state;
  }
}

/**
 * R32: a line's charge type, quantity, unit price and service period. New-commerce
 * entries carry them; a legacy one takes them from its subscription: a term's charge
 * (purchase, renewal, trial conversion) and a cancellation's credit cover the term and
 * its seats, a quantity change or a reactivation the rest of the term from then.
 */
export function lineDetail(subscription: BilledSubscription | null, event: ChargeEvent): LineDetail {
  switch (event.type) {
    case 'NewCommerceCharged':
    case 'NewCommerceCredited': {
      const d = event.data;
      const unitPriceCents = event.type === 'NewCommerceCharged' ? event.data.unitPriceCents : subscription?.unitPriceCents ?? null;
      return { chargeType: d.kind, quantity: d.quantity, unitPriceCents, servicePeriodStart: d.servicePeriodStart, servicePeriodEnd: d.servicePeriodEnd };
    }
    case 'SubscriptionCharged':
    case 'SubscriptionCredited': {
      const at = event.type === 'SubscriptionCharged' ? event.data.chargedAt : event.data.creditedAt;
      const kind: string = event.data.kind;
      const termEnd = subscription?.termEndsAt ?? at;
      const whole = { quantity: subscription?.quantity ?? null, servicePeriodStart: subscription?.termStartedAt ?? at, servicePeriodEnd: termEnd };
      const rest = { quantity: subscription?.quantity ?? null, servicePeriodStart: at, servicePeriodEnd: termEnd };
      const unitPriceCents = subscription?.unitPriceCents ?? null;
      switch (kind) {
        case 'purchase':
          return { chargeType: subscription?.addOn ? 'add-on' : 'purchase', unitPriceCents, ...(subscription?.addOn ? rest : whole) };
        case 'renewal':
        case 'trial-conversion':
        case 'cancellation':
          return { chargeType: kind, unitPriceCents, ...whole };
        case 'quantity-increase':
        case 'quantity-decrease':
          return { chargeType: kind, unitPriceCents, ...rest, quantity: Math.abs(subscription?.lastSeatChange ?? 0) };
        default:
          return { chargeType: kind, unitPriceCents, ...rest };
      }
    }
  }
}

/** Signed cents: a credit is negative on the invoice (API.md). */
export function signedAmountCents(event: ChargeEvent): number {
  return event.type === 'SubscriptionCredited' || event.type === 'NewCommerceCredited' ? -event.data.amountCents : event.data.amountCents;
}

export function isCredit(event: ChargeEvent): boolean {
  return event.type === 'SubscriptionCredited' || event.type === 'NewCommerceCredited';
}
