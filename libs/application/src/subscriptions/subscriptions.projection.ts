import {
  evolveNewCommerce,
  evolveSubscription,
  initialNewCommerceState,
  initialSubscriptionState,
  NewCommerceSubscription,
  newCommerceMonthlyEquivalentCents,
  Subscription,
  SUBSCRIPTION_STATUSES,
} from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';
import { isNewCommerceEvent, isSubscriptionEvent } from '../commands/upcasting';
import { subscriptionView, SubscriptionView } from './subscription-view';
import { newCommerceView } from './new-commerce-view';

/**
 * One document per subscription: its folded state and revision. The API's view is a pure
 * function of these (`documentToView`), so the document holds nothing twice; what lists,
 * dashboards and the timer poller query is written beside it as columns. A new-commerce
 * subscription (R25) is folded by its own decider and marked `program`; a legacy document
 * has no such field, so it is byte for byte what it was before new commerce.
 */
export type SubscriptionDocument = LegacySubscriptionDocument | NewCommerceSubscriptionDocument;

export interface LegacySubscriptionDocument extends ReadDocument {
  revision: number;
  state: Subscription;
  program?: undefined;
}

export interface NewCommerceSubscriptionDocument extends ReadDocument {
  revision: number;
  state: NewCommerceSubscription;
  program: 'new-commerce';
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
  // (New-commerce documents are new ones; every legacy document is unchanged: same version.)
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
  documentId: (event) => (isSubscriptionEvent(event) || isNewCommerceEvent(event) ? event.stream.slice('subscription-'.length) : null),
  evolve(current, event) {
    if (isNewCommerceEvent(event)) {
      const before = current?.program === 'new-commerce' ? current.state : initialNewCommerceState;
      const state = evolveNewCommerce(before, event);
      if (state.status === 'none') return null;
      return { id: state.subscriptionId, revision: event.revision, state, program: 'new-commerce' };
    }
    if (!isSubscriptionEvent(event) || current?.program === 'new-commerce') return null;
    const state = evolveSubscription(current?.state ?? initialSubscriptionState, event);
    if (state.status === 'none') return null;
    return { id: state.subscriptionId, revision: event.revision, state };
  },
  columns: (doc) => ({
    partnerId: doc.state.partnerId,
    customerId: doc.state.customerId,
    status: doc.state.status,
    publisher: doc.state.offer.publisher,
    billingType: doc.state.offer.billingType,
    category: doc.state.offer.category,
    createdAt: doc.state.createdAt,
    trialEndingAt: doc.program !== 'new-commerce' && doc.state.status === 'active' && doc.state.inTrial ? doc.state.trialEndsAt : null,
    // R31: no data-deletion clock in new commerce.
    deletionPendingAt: doc.program !== 'new-commerce' && doc.state.status === 'suspended' ? doc.state.dataDeletionAt : null,
  }),
  counters: (doc) => ({
    key: doc.state.partnerId,
    values: {
      ...Object.fromEntries(SUBSCRIPTION_STATUSES.map((status) => [status, doc.state.status === status ? 1 : 0])),
      scheduledCancellations: doc.program !== 'new-commerce' && (doc.state.status === 'active' || doc.state.status === 'suspended') && doc.state.cancelAt !== null ? 1 : 0,
      // R24 and the dashboard: a new-commerce subscription at its monthly equivalent (annual / 12, triennial / 36).
      mrrCents: doc.program === 'new-commerce' ? newCommerceMonthlyEquivalentCents(doc.state) : monthlyRecurringCents(doc.state),
    },
  }),
};

/** The API's view of a document; `now` matters to new commerce only (its 168-hour windows, R27, R28). */
export function documentToView(doc: SubscriptionDocument, now: Date): SubscriptionView {
  return doc.program === 'new-commerce' ? newCommerceView(doc.state, doc.revision, now) : subscriptionView(doc.state, doc.revision);
}
