import { OfferSnapshot } from '../catalog/offer';
import { SuspensionReason } from './reason-codes';
import { CoTerm, SubscriptionEvent } from './subscription.events';

export type SubscriptionStatus = 'active' | 'suspended' | 'cancelled' | 'expired' | 'deleted';
export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['active', 'suspended', 'cancelled', 'expired', 'deleted'];
export const TERMINAL_STATUSES: readonly SubscriptionStatus[] = ['cancelled', 'expired', 'deleted'];

/** The order event the cancellation window runs from (R17): purchase, conversion or renewal. */
export interface LatestOrder {
  orderId: string;
  at: string;
  /** What a cancellation inside the window credits: the order's charge, adjusted by quantity changes since. */
  creditableCents: number;
}

export interface Subscription {
  status: SubscriptionStatus;
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  offer: OfferSnapshot;
  quantity: number | null;
  createdAt: string;
  inTrial: boolean;
  trialEndsAt: string | null;
  /** Start of the first paid term; every later term is computed from it (R13). */
  anchorAt: string;
  /** 0 while in trial, then 1, 2, ... */
  termNumber: number;
  termStartedAt: string;
  termEndsAt: string;
  autoRenew: boolean;
  cancelAt: string | null;
  latestOrder: LatestOrder | null;
  suspendedAt: string | null;
  suspensionReason: SuspensionReason | null;
  dataDeletionAt: string | null;
  endedAt: string | null;
  parentSubscriptionId: string | null;
  /** R15: set for an add-on co-termed with its base (no term timers of its own). */
  coTerm: CoTerm | null;
  addOnIds: string[];
  /**
   * R16a: the term (its number) that renewed while suspended and was not charged; its rest
   * is charged at reactivation. Absent otherwise (so documents folded before R16a are unchanged).
   */
  unbilledTerm?: number;
}

export type SubscriptionState = { status: 'none' } | Subscription;

export const initialSubscriptionState: SubscriptionState = { status: 'none' };

export function evolveSubscription(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  if (event.type === 'SubscriptionPurchased') {
    const d = event.data;
    return {
      status: 'active',
      subscriptionId: d.subscriptionId,
      customerId: d.customerId,
      partnerId: d.partnerId,
      orderId: d.orderId,
      offer: d.offer,
      quantity: d.quantity,
      createdAt: d.purchasedAt,
      inTrial: d.trialEndsAt !== null,
      trialEndsAt: d.trialEndsAt,
      anchorAt: d.trialEndsAt ?? d.purchasedAt,
      termNumber: d.trialEndsAt ? 0 : 1,
      termStartedAt: d.termStartedAt,
      termEndsAt: d.termEndsAt,
      autoRenew: true,
      cancelAt: null,
      latestOrder: d.trialEndsAt ? null : { orderId: d.orderId, at: d.purchasedAt, creditableCents: 0 },
      suspendedAt: null,
      suspensionReason: null,
      dataDeletionAt: null,
      endedAt: null,
      parentSubscriptionId: d.parentSubscriptionId,
      coTerm: d.coTerm,
      addOnIds: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'SubscriptionCharged': {
      // R16a: a renewal charge (logs from before R16a charged renewals while suspended) or the reactivation's bills the term.
      const billed = event.data.kind === 'renewal' || event.data.kind === 'reactivation' ? withoutUnbilledTerm(state) : state;
      return billed.latestOrder
        ? { ...billed, latestOrder: { ...billed.latestOrder, creditableCents: billed.latestOrder.creditableCents + event.data.amountCents } }
        : billed;
    }
    case 'SubscriptionCredited':
      return state.latestOrder
        ? { ...state, latestOrder: { ...state.latestOrder, creditableCents: Math.max(0, state.latestOrder.creditableCents - event.data.amountCents) } }
        : state;
    case 'TrialConverted':
      return {
        ...state,
        inTrial: false,
        termNumber: 1,
        termStartedAt: event.data.termStartedAt,
        termEndsAt: event.data.termEndsAt,
        latestOrder: { orderId: event.data.orderId, at: event.data.convertedAt, creditableCents: 0 },
      };
    case 'SubscriptionRenewed': {
      const renewed: Subscription = {
        ...withoutUnbilledTerm(state),
        termNumber: event.data.termNumber,
        termStartedAt: event.data.termStartedAt,
        termEndsAt: event.data.termEndsAt,
        latestOrder: { orderId: event.data.orderId, at: event.data.renewedAt, creditableCents: 0 },
      };
      // R16a: renewed while suspended: not billed until reactivated (a charge that follows at once clears it).
      return state.status === 'suspended' && termPriceOf(state) > 0 ? { ...renewed, unbilledTerm: event.data.termNumber } : renewed;
    }
    case 'SubscriptionExpired':
      return { ...state, status: 'expired', endedAt: event.data.expiredAt };
    case 'SubscriptionSuspended':
      return { ...state, status: 'suspended', suspendedAt: event.data.suspendedAt, suspensionReason: event.data.reason, dataDeletionAt: event.data.dataDeletionAt };
    case 'SubscriptionReactivated': {
      const back: Subscription = { ...state, status: 'active', suspendedAt: null, suspensionReason: null, dataDeletionAt: null };
      // R16a, R17: reactivating in an unbilled term is an order of its own: its window runs from here and credits its charge.
      return state.unbilledTerm === state.termNumber
        ? { ...back, latestOrder: { orderId: reactivationOrderId(state), at: event.data.reactivatedAt, creditableCents: 0 } }
        : back;
    }
    case 'SubscriptionCancelled':
      return { ...state, status: 'cancelled', endedAt: event.data.cancelledAt, autoRenew: false };
    case 'CancellationScheduled':
      return { ...state, cancelAt: event.data.cancelAt, autoRenew: false };
    case 'SubscriptionDataDeleted':
      return { ...state, status: 'deleted', endedAt: event.data.deletedAt };
    case 'AutoRenewChanged':
      return { ...state, autoRenew: event.data.enabled };
    case 'QuantityChanged':
      return { ...state, quantity: event.data.to };
    case 'AddOnAttached':
      return { ...state, addOnIds: [...state.addOnIds, event.data.addOnSubscriptionId] };
    default:
      return state;
  }
}

/** R16a: the order id of a reactivation that bills the rest of an unbilled term. */
export function reactivationOrderId(state: Pick<Subscription, 'subscriptionId' | 'termNumber'>): string {
  return `${state.subscriptionId}:reactivation:${state.termNumber}`;
}

function withoutUnbilledTerm(state: Subscription): Subscription {
  if (state.unbilledTerm === undefined) return state;
  const { unbilledTerm: _billed, ...rest } = state;
  return rest;
}

/** What one term of a license subscription costs at its own frequency (usage: nothing here). */
function termPriceOf(state: Subscription): number {
  return state.offer.billingType === 'license' ? state.offer.unitPriceCents * (state.quantity ?? 0) : 0;
}

export function isTerminal(status: SubscriptionStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
