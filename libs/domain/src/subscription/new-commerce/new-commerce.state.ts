import { CycleFrequency, OfferSnapshot, TermDuration } from '../../catalog/offer';
import { SuspensionReason } from '../reason-codes';
import { BillingCycle, billingCycles, cycleAt, newCommerceTerm } from './billing-cycles';
import { NewCommerceEvent } from './new-commerce.events';
import { ScheduledChanges } from './scheduled-changes';
import { takeSeatsBack } from './seats';

export type NewCommerceStatus = 'active' | 'suspended' | 'cancelled' | 'expired';

export interface NewCommerceSubscription {
  status: NewCommerceStatus;
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  offer: OfferSnapshot;
  termDuration: TermDuration;
  billingFrequency: CycleFrequency;
  /** R26: the price locked for the current term. */
  unitPriceCents: number;
  quantity: number;
  createdAt: string;
  /** Terms (and their cycles) are counted from here: the purchase, or the end of a co-termed first term or of a term whose plan changed. */
  anchorAt: string;
  /** 1-based number of the current term since the anchor (R13 arithmetic). */
  termSinceAnchor: number;
  termNumber: number;
  termStartedAt: string;
  termEndsAt: string;
  /** The order the current term came from (purchase or renewal) and when: R27's window runs from it. */
  latestOrderId: string;
  latestOrderAt: string;
  /** Index of the last cycle of the current term that was charged. */
  lastChargedCycle: number;
  /** R28: seat additions of the current term: quantity not yet removed, and when. */
  seatLots: Array<{ quantity: number; addedAt: string }>;
  autoRenew: boolean;
  scheduledChanges: ScheduledChanges | null;
  suspendedAt: string | null;
  suspensionReason: SuspensionReason | null;
  endedAt: string | null;
}

export type NewCommerceState = { status: 'none' } | NewCommerceSubscription;
export const initialNewCommerceState: NewCommerceState = { status: 'none' };

/** R26: the cycles of the current term. */
export function currentTermCycles(s: NewCommerceSubscription): BillingCycle[] {
  return billingCycles(new Date(s.termStartedAt), s.billingFrequency, new Date(s.termEndsAt), new Date(s.anchorAt));
}

/** R26: the cycle running at `at` in the current term (the last one at or after its end). */
export function currentCycle(s: NewCommerceSubscription, at: Date): BillingCycle {
  const cycles = currentTermCycles(s);
  return cycleAt(cycles, at) ?? (at.getTime() < Date.parse(s.termStartedAt) ? cycles[0] : cycles[cycles.length - 1]);
}

export function evolveNewCommerce(state: NewCommerceState, event: NewCommerceEvent): NewCommerceState {
  if (event.type === 'NewCommerceSubscriptionPurchased') {
    const d = event.data;
    return {
      status: 'active',
      subscriptionId: d.subscriptionId,
      customerId: d.customerId,
      partnerId: d.partnerId,
      orderId: d.orderId,
      offer: d.offer,
      termDuration: d.termDuration,
      billingFrequency: d.billingFrequency,
      unitPriceCents: d.unitPriceCents,
      quantity: d.quantity,
      createdAt: d.purchasedAt,
      anchorAt: d.termStartedAt,
      termSinceAnchor: 1,
      termNumber: 1,
      termStartedAt: d.termStartedAt,
      termEndsAt: d.termEndsAt,
      latestOrderId: d.orderId,
      latestOrderAt: d.purchasedAt,
      lastChargedCycle: 0,
      seatLots: [{ quantity: d.quantity, addedAt: d.purchasedAt }],
      autoRenew: true,
      scheduledChanges: null,
      suspendedAt: null,
      suspensionReason: null,
      endedAt: null,
    };
  }
  if (state.status === 'none') return state;
  const s = state;
  switch (event.type) {
    case 'NewCommerceCharged':
      return event.data.kind === 'quantity-increase' ? s : { ...s, lastChargedCycle: Math.max(s.lastChargedCycle, event.data.cycle) };
    case 'NewCommerceCredited':
      return s;
    case 'NewCommerceSubscriptionRenewed': {
      const d = event.data;
      // The anchor moves when the term length changes or the previous term was not on it (a co-termed first term).
      const onAnchor = d.termDuration === s.termDuration && newCommerceTerm(new Date(s.anchorAt), s.termDuration, s.termSinceAnchor + 1).startsAt.toISOString() === d.termStartedAt;
      return {
        ...s,
        termDuration: d.termDuration,
        billingFrequency: d.billingFrequency,
        unitPriceCents: d.unitPriceCents,
        quantity: d.quantity,
        anchorAt: onAnchor ? s.anchorAt : d.termStartedAt,
        termSinceAnchor: onAnchor ? s.termSinceAnchor + 1 : 1,
        termNumber: d.termNumber,
        termStartedAt: d.termStartedAt,
        termEndsAt: d.termEndsAt,
        latestOrderId: d.orderId,
        latestOrderAt: d.renewedAt,
        lastChargedCycle: 0,
        seatLots: [{ quantity: d.quantity, addedAt: d.renewedAt }],
        scheduledChanges: null,
      };
    }
    case 'NewCommerceSeatsChanged': {
      const { from, to, changedAt } = event.data;
      if (to > from) return { ...s, quantity: to, seatLots: [...s.seatLots, { quantity: to - from, addedAt: changedAt }] };
      // R28: the newest additions inside their 168 hours give their seats back first (as `changeSeats` decided).
      const lots = takeSeatsBack(s.seatLots.map((lot) => ({ quantity: lot.quantity, addedAt: new Date(lot.addedAt) })), from - to, new Date(changedAt));
      return { ...s, quantity: to, seatLots: lots.map((lot) => ({ quantity: lot.quantity, addedAt: lot.addedAt.toISOString() })) };
    }
    case 'NewCommerceSubscriptionCancelled':
      return { ...s, status: 'cancelled', endedAt: event.data.cancelledAt, autoRenew: false, scheduledChanges: null };
    case 'NewCommerceSubscriptionExpired':
      return { ...s, status: 'expired', endedAt: event.data.expiredAt };
    case 'NewCommerceSubscriptionSuspended':
      return { ...s, status: 'suspended', suspendedAt: event.data.suspendedAt, suspensionReason: event.data.reason, autoRenew: false, scheduledChanges: null };
    case 'NewCommerceSubscriptionReactivated':
      return { ...s, status: 'active', suspendedAt: null, suspensionReason: null };
    case 'NewCommerceAutoRenewChanged':
      return { ...s, autoRenew: event.data.enabled };
    case 'NewCommerceChangesScheduled':
      return { ...s, scheduledChanges: event.data.changes };
    case 'NewCommerceScheduledChangesRemoved':
      return { ...s, scheduledChanges: null };
  }
}
