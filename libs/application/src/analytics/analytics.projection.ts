import {
  evolveNewCommerce,
  evolveSubscription,
  initialNewCommerceState,
  initialSubscriptionState,
  NewCommerceEvent,
  NewCommerceState,
  NewCommerceSubscription,
  newCommerceMonthlyEquivalentCents,
  Subscription,
  SubscriptionEvent,
  SubscriptionState,
  SubscriptionStatus,
} from '@ledger/domain';
import { businessTime } from '../ports/event-store.port';
import { Counters, ReadDocument } from '../ports/read-store.port';
import { Projection } from '../projections/projection';
import { isNewCommerceEvent, isSubscriptionEvent } from '../commands/upcasting';
import { monthlyRecurringCents } from '../subscriptions/subscriptions.projection';
import { counterName, FIGURES, MonthFigures, utcMonth } from './month-figures';

/**
 * One document per subscription: the state it needs to tell what each event changes
 * (later events carry only the subscription id), and its own share of every month's
 * figures. `active` and `mrrCents` are the month's change (a month's end is the sum of
 * the changes up to it), the others are what happened in the month.
 */
export type SubscriptionAnalyticsDocument = LegacyAnalyticsDocument | NewCommerceAnalyticsDocument;

interface LegacyAnalyticsDocument extends ReadDocument {
  state: Subscription;
  /** Keyed by UTC month "YYYY-MM" of the events' business time (R19); only months it changed. */
  months: Record<string, MonthFigures>;
  program?: undefined;
}

/** R24, R25: a new-commerce subscription's share, folded by its own decider (legacy documents unchanged). */
interface NewCommerceAnalyticsDocument extends ReadDocument {
  state: NewCommerceSubscription;
  months: Record<string, MonthFigures>;
  program: 'new-commerce';
}

/** Terminal statuses, each counted in the month a subscription reaches it (figure named as the status). */
const ENDINGS = ['cancelled', 'expired', 'deleted'] as const satisfies readonly SubscriptionStatus[];

const isActive = (state: { status: string }) => (state.status === 'active' ? 1 : 0);
/** Half-up to the cent per subscription, annual prices one twelfth; trials, suspended and usage-based count zero (the dashboard's figure). */
const mrrOf = (state: SubscriptionState) => (state.status === 'none' ? 0 : monthlyRecurringCents(state));

/** What one event changes in its month's figures (pure). */
export function eventFigures(before: SubscriptionState, after: SubscriptionState, event: SubscriptionEvent): MonthFigures {
  return changeFigures(
    { status: before.status, mrrCents: mrrOf(before) },
    { status: after.status, mrrCents: mrrOf(after) },
    event.type === 'SubscriptionCharged' ? event.data.amountCents : 0,
    event.type === 'SubscriptionCredited' ? event.data.amountCents : 0,
  );
}

/** R24, R25: the same for a new-commerce event; its MRR is the monthly equivalent (annual / 12, triennial / 36), zero unless active. */
export function newCommerceEventFigures(before: NewCommerceState, after: NewCommerceState, event: NewCommerceEvent): MonthFigures {
  return changeFigures(
    { status: before.status, mrrCents: newCommerceMonthlyEquivalentCents(before) },
    { status: after.status, mrrCents: newCommerceMonthlyEquivalentCents(after) },
    event.type === 'NewCommerceCharged' ? event.data.amountCents : 0,
    event.type === 'NewCommerceCredited' ? event.data.amountCents : 0,
  );
}

function changeFigures(before: { status: string; mrrCents: number }, after: { status: string; mrrCents: number }, chargeCents: number, creditCents: number): MonthFigures {
  const figures: MonthFigures = {};
  const add = (figure: keyof MonthFigures, value: number) => {
    if (value !== 0) figures[figure] = (figures[figure] ?? 0) + value;
  };
  if (before.status === 'none') add('purchased', 1);
  for (const ending of ENDINGS) if (after.status === ending && before.status !== ending) add(ending, 1);
  add('active', isActive(after) - isActive(before));
  add('mrrCents', after.mrrCents - before.mrrCents);
  add('chargesCents', chargeCents);
  add('creditsCents', creditCents);
  return figures;
}

function addFigures(months: Record<string, MonthFigures>, month: string, figures: MonthFigures): Record<string, MonthFigures> {
  if (Object.keys(figures).length === 0) return months;
  const merged: MonthFigures = { ...months[month] };
  for (const figure of FIGURES) {
    const value = (merged[figure] ?? 0) + (figures[figure] ?? 0);
    if (value === 0) delete merged[figure];
    else merged[figure] = value;
  }
  const next = { ...months };
  if (Object.keys(merged).length === 0) delete next[month];
  else next[month] = merged;
  return next;
}

/** The document's figures as counter names "YYYY-MM:figure" (no dots: MongoDB field names). */
export function monthCounters(months: Record<string, MonthFigures>): Counters {
  const counters: Counters = {};
  for (const [month, figures] of Object.entries(months)) {
    for (const figure of FIGURES) {
      const value = figures[figure];
      if (value) counters[counterName(month, figure)] = value;
    }
  }
  return counters;
}

/** Counter keys of the analytics collection: one set of month figures per partner and per customer. */
export const partnerAnalyticsKey = (partnerId: string) => `partner:${partnerId}`;
export const customerAnalyticsKey = (customerId: string) => `customer:${customerId}`;

/**
 * `analytics` (R24): monthly figures per partner and per customer, kept as counters in the
 * same transaction as the documents (a document's share changes only in the month of its
 * new event, so only that month's counters move: a closed month changes only through
 * events dated inside it). A query reads one key, whatever the partner's size.
 */
export const analyticsProjection: Projection<SubscriptionAnalyticsDocument> = {
  name: 'analytics',
  version: 1,
  collection: 'analytics',
  // Read by id only (the runner); queries read the counters.
  schema: { columns: {}, indexes: [] },
  documentId: (event) => (isSubscriptionEvent(event) || isNewCommerceEvent(event) ? event.stream.slice('subscription-'.length) : null),
  evolve(current, event) {
    if (isNewCommerceEvent(event)) {
      const before = current?.program === 'new-commerce' ? current.state : initialNewCommerceState;
      const after = evolveNewCommerce(before, event);
      if (after.status === 'none') return null;
      const months = addFigures(current?.months ?? {}, utcMonth(businessTime(event.metadata)), newCommerceEventFigures(before, after, event));
      return { id: after.subscriptionId, state: after, months, program: 'new-commerce' };
    }
    if (!isSubscriptionEvent(event) || current?.program === 'new-commerce') return null;
    const before = current?.state ?? initialSubscriptionState;
    const after = evolveSubscription(before, event);
    if (after.status === 'none') return null;
    const months = addFigures(current?.months ?? {}, utcMonth(businessTime(event.metadata)), eventFigures(before, after, event));
    return { id: after.subscriptionId, state: after, months };
  },
  columns: () => ({}),
  counters: ({ state, months }) => {
    const values = monthCounters(months);
    return [
      { key: partnerAnalyticsKey(state.partnerId), values },
      { key: customerAnalyticsKey(state.customerId), values },
    ];
  },
};
