import { SubscriptionEvent } from './subscription.events';
import { SubscriptionStatus } from './subscription.state';

/**
 * What a subscription's dated rules depend on, and nothing else: the `due` read model
 * folds only this (R19), and `dueTimers` reads it from here or from the full state.
 */
export interface TimerState {
  status: SubscriptionStatus;
  inTrial: boolean;
  trialEndsAt: string | null;
  termEndsAt: string;
  cancelAt: string | null;
  dataDeletionAt: string | null;
  /** R15: a co-termed add-on (its base's firings move it). */
  coTerm: object | boolean | null;
}

/** The timer-relevant part of `evolveSubscription`; the same event leaves the same due times. */
export function evolveTimerState(state: TimerState | null, event: SubscriptionEvent): TimerState | null {
  if (event.type === 'SubscriptionPurchased') {
    const d = event.data;
    return { status: 'active', inTrial: d.trialEndsAt !== null, trialEndsAt: d.trialEndsAt, termEndsAt: d.termEndsAt, cancelAt: null, dataDeletionAt: null, coTerm: d.coTerm !== null };
  }
  if (!state) return null;
  switch (event.type) {
    case 'TrialConverted':
      return { ...state, inTrial: false, termEndsAt: event.data.termEndsAt };
    case 'SubscriptionRenewed':
      return { ...state, termEndsAt: event.data.termEndsAt };
    case 'SubscriptionExpired':
      return { ...state, status: 'expired' };
    case 'SubscriptionSuspended':
      return { ...state, status: 'suspended', dataDeletionAt: event.data.dataDeletionAt };
    case 'SubscriptionReactivated':
      return { ...state, status: 'active', dataDeletionAt: null };
    case 'SubscriptionCancelled':
      return { ...state, status: 'cancelled' };
    case 'CancellationScheduled':
      return { ...state, cancelAt: event.data.cancelAt };
    case 'SubscriptionDataDeleted':
      return { ...state, status: 'deleted' };
    default:
      return state;
  }
}
