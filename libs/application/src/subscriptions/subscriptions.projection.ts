import { evolveSubscription, initialSubscriptionState, Subscription, SubscriptionState, SUBSCRIPTION_STATUSES } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';
import { isSubscriptionEvent } from '../commands/upcasting';
import { subscriptionView, SubscriptionView } from './subscription-view';

/**
 * One document per subscription: its folded state and revision. The API's view is a pure
 * function of these (`documentToView`), so the document holds nothing twice; what lists,
 * dashboards and the timer poller query is written beside it as columns.
 */
export interface SubscriptionDocument extends ReadDocument {
  revision: number;
  state: Subscription;
}

export function monthlyRecurringCents(state: Subscription): number {
  if (state.status !== 'active' || state.inTrial || state.offer.billingType !== 'license') return 0;
  const termCents = state.offer.unitPriceCents * (state.quantity ?? 0);
  return state.offer.billingFrequency === 'monthly' ? termCents : Math.floor((2 * termCents + 12) / 24);
}

export const SUBSCRIPTION_LIST_FILTERS = ['status', 'publisher', 'billingType', 'category'] as const;

/** `subscriptions`: the live state behind GET, customer lists and the dashboard. */
export const subscriptionsProjection: Projection<SubscriptionDocument> = {
  name: 'subscriptions',
  // 2: columns, counters and the document shaped by its queries (issue 9).
  // 3: due times moved to the `due` read model (issue 11).
  version: 3,
  collection: 'subscriptions',
  schema: {
    columns: {
      partnerId: 'text',
      customerId: 'text',
      status: 'text',
      publisher: 'text',
      billingType: 'text',
      category: 'text',
      createdAt: 'text',
      /** trialEndsAt while the trial is running (dashboard: trials ending within 7 days). */
      trialEndingAt: 'text',
      /** dataDeletionAt while suspended (dashboard: deletions within 14 days). */
      deletionPendingAt: 'text',
    },
    indexes: [
      // A customer's list, newest first, unfiltered or with one filter (others are residual).
      ['customerId', 'createdAt'],
      ...SUBSCRIPTION_LIST_FILTERS.map((filter) => ['customerId', filter, 'createdAt']),
      ['partnerId', 'trialEndingAt'],
      ['partnerId', 'deletionPendingAt'],
    ],
  },
  documentId: (event) => (isSubscriptionEvent(event) ? event.stream.slice('subscription-'.length) : null),
  evolve(current, event) {
    if (!isSubscriptionEvent(event)) return null;
    const before: SubscriptionState = current?.state ?? initialSubscriptionState;
    const state = evolveSubscription(before, event);
    if (state.status === 'none') return null;
    return { id: state.subscriptionId, revision: event.revision, state };
  },
  columns: ({ state }) => ({
    partnerId: state.partnerId,
    customerId: state.customerId,
    status: state.status,
    publisher: state.offer.publisher,
    billingType: state.offer.billingType,
    category: state.offer.category,
    createdAt: state.createdAt,
    trialEndingAt: state.status === 'active' && state.inTrial ? state.trialEndsAt : null,
    deletionPendingAt: state.status === 'suspended' ? state.dataDeletionAt : null,
  }),
  counters: ({ state }) => ({
    key: state.partnerId,
    values: {
      ...Object.fromEntries(SUBSCRIPTION_STATUSES.map((status) => [status, state.status === status ? 1 : 0])),
      scheduledCancellations: (state.status === 'active' || state.status === 'suspended') && state.cancelAt !== null ? 1 : 0,
      mrrCents: monthlyRecurringCents(state),
    },
  }),
};

export function documentToView(doc: SubscriptionDocument): SubscriptionView {
  return subscriptionView(doc.state, doc.revision);
}
