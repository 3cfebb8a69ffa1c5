import { dueTimers, evolveSubscription, initialSubscriptionState, Subscription, SubscriptionEvent, SubscriptionState, TimerKind } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';
import { toDomainEvent } from '../commands/upcasting';
import { subscriptionView, SubscriptionView } from './subscription-view';

export interface SubscriptionDocument extends ReadDocument, Omit<SubscriptionView, 'id'> {
  partnerId: string;
  /** Monthly recurring revenue in cents (dashboard): 0 unless active, paid, license-based. */
  monthlyRecurringCents: number;
  /** The folded domain state, so the next event can be applied without reading the stream. */
  state: Subscription;
  /** Durable timers derived from the state (DESIGN.md: timers are data); the poller scans nextDueAt. */
  timers: Array<{ timer: TimerKind; dueAt: string }>;
  nextDueAt: string | null;
}

export function monthlyRecurringCents(state: Subscription): number {
  if (state.status !== 'active' || state.inTrial || state.offer.billingType !== 'license') return 0;
  const termCents = state.offer.unitPriceCents * (state.quantity ?? 0);
  return state.offer.billingFrequency === 'monthly' ? termCents : Math.floor((2 * termCents + 12) / 24);
}

/** `subscriptions`: one document per subscription, the live state behind GET and lists. */
export const subscriptionsProjection: Projection<SubscriptionDocument> = {
  name: 'subscriptions',
  collection: 'subscriptions',
  indexes: [
    { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'customerId', direction: 'asc' }, { field: 'createdAt', direction: 'desc' }] },
    { fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'status', direction: 'asc' }] },
    { fields: [{ field: 'nextDueAt', direction: 'asc' }] },
  ],
  documentId: (event) => (event.stream.startsWith('subscription-') ? event.stream.slice('subscription-'.length) : null),
  evolve(current, event) {
    const before: SubscriptionState = current?.state ?? initialSubscriptionState;
    const state = evolveSubscription(before, toDomainEvent<SubscriptionEvent>(event));
    if (state.status === 'none') return null;
    const timers = dueTimers(state);
    return {
      ...subscriptionView(state, event.revision),
      partnerId: state.partnerId,
      monthlyRecurringCents: monthlyRecurringCents(state),
      state,
      timers,
      nextDueAt: timers.map((t) => t.dueAt).sort()[0] ?? null,
    };
  },
};

export function documentToView(doc: SubscriptionDocument): SubscriptionView {
  const { _position, partnerId, monthlyRecurringCents: _mrr, state: _state, timers: _timers, nextDueAt: _next, ...view } = doc;
  return view as SubscriptionView;
}
