import { dueTimers, evolveNewCommerce, evolveTimerState, initialNewCommerceState, NewCommerceState, newCommerceDueTimers, TimerKind, TimerState } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument, ReadStore } from '../ports/read-store.port';
import { CurrentEvent, isNewCommerceEvent, isSubscriptionEvent } from '../commands/upcasting';

const STREAM_PREFIX = 'subscription-';

/** R26: the timers of a new-commerce subscription: its next cycle start and its term end. */
export type NewCommerceTimerKind = 'cycle-start' | 'term-end';

/**
 * The `due` model (DESIGN.md "Workflows"): per subscription stream, what its dated rules
 * depend on and its earliest due timer, as a number (milliseconds) so that due times
 * compare as numbers whatever the year. The timer poller reads only this.
 */
export type DueDocument = LegacyDueDocument | NewCommerceDueDocument;

export interface LegacyDueDocument extends ReadDocument {
  stream: string;
  partnerId: string;
  timers: TimerState;
  /** The earliest due timer, null when none is pending. */
  kind: TimerKind | null;
  dueAt: string | null;
  program?: undefined;
}

/** R19, R26: a new-commerce stream's due timers come from its folded state (the cycles of the current term). */
export interface NewCommerceDueDocument extends ReadDocument {
  stream: string;
  partnerId: string;
  program: 'new-commerce';
  state: NewCommerceState;
  kind: NewCommerceTimerKind | null;
  dueAt: string | null;
}

function earliest<K extends string>(timers: Array<{ timer: K; dueAt: string }>): { kind: K; dueAt: string } | null {
  let first: { kind: K; dueAt: string } | null = null;
  for (const { timer, dueAt } of timers) if (!first || Date.parse(dueAt) < Date.parse(first.dueAt)) first = { kind: timer, dueAt };
  return first;
}

function evolveNewCommerceDue(current: DueDocument | null, event: CurrentEvent): Omit<NewCommerceDueDocument, '_position'> | null {
  if (!isNewCommerceEvent(event)) return null;
  const previous = current?.program === 'new-commerce' ? current : null;
  const state = evolveNewCommerce(previous?.state ?? initialNewCommerceState, event);
  if (state.status === 'none') return null;
  const next = earliest(newCommerceDueTimers(state));
  return { id: event.stream.slice(STREAM_PREFIX.length), stream: event.stream, partnerId: state.partnerId, program: 'new-commerce', state, kind: next?.kind ?? null, dueAt: next?.dueAt ?? null };
}

export const dueProjection: Projection<DueDocument> = {
  name: 'due',
  version: 1,
  collection: 'due',
  schema: { columns: { dueAtMs: 'integer' }, indexes: [['dueAtMs']] },
  documentId: (event) => (isSubscriptionEvent(event) || isNewCommerceEvent(event) ? event.stream.slice(STREAM_PREFIX.length) : null),
  evolve(current, event) {
    if (isNewCommerceEvent(event)) return evolveNewCommerceDue(current, event);
    if (!isSubscriptionEvent(event) || current?.program === 'new-commerce') return null;
    const timers = evolveTimerState(current?.timers ?? null, event);
    if (!timers || timers === current?.timers) return null;
    const next = earliest(dueTimers(timers));
    const partnerId = event.type === 'SubscriptionPurchased' ? event.data.partnerId : current?.partnerId;
    if (!partnerId) return null;
    return { id: event.stream.slice(STREAM_PREFIX.length), stream: event.stream, partnerId, timers, kind: next?.kind ?? null, dueAt: next?.dueAt ?? null };
  },
  columns: (doc) => ({ dueAtMs: doc.dueAt === null ? null : Date.parse(doc.dueAt) }),
};

/** Streams with a timer due at or before `instantMs` (an indexed range count). */
export function countDue(readStore: ReadStore, instantMs: number): Promise<number> {
  return readStore.count(dueProjection.collection, { dueAtMs: { $lte: instantMs } });
}
