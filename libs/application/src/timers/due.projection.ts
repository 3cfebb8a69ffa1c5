import { dueTimers, evolveTimerState, TimerKind, TimerState } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument, ReadStore } from '../ports/read-store.port';
import { isSubscriptionEvent } from '../commands/upcasting';

const STREAM_PREFIX = 'subscription-';

/**
 * The `due` model (DESIGN.md "Workflows"): per subscription stream, what its dated rules
 * depend on and its earliest due timer, as a number (milliseconds) so that due times
 * compare as numbers whatever the year. The timer poller reads only this.
 */
export interface DueDocument extends ReadDocument {
  stream: string;
  partnerId: string;
  timers: TimerState;
  /** The earliest due timer, null when none is pending. */
  kind: TimerKind | null;
  dueAt: string | null;
}

function earliest(timers: TimerState): { kind: TimerKind; dueAt: string } | null {
  let first: { kind: TimerKind; dueAt: string } | null = null;
  for (const { timer, dueAt } of dueTimers(timers)) if (!first || Date.parse(dueAt) < Date.parse(first.dueAt)) first = { kind: timer, dueAt };
  return first;
}

export const dueProjection: Projection<DueDocument> = {
  name: 'due',
  version: 1,
  collection: 'due',
  schema: { columns: { dueAtMs: 'integer' }, indexes: [['dueAtMs']] },
  documentId: (event) => (isSubscriptionEvent(event) ? event.stream.slice(STREAM_PREFIX.length) : null),
  evolve(current, event) {
    if (!isSubscriptionEvent(event)) return null;
    const timers = evolveTimerState(current?.timers ?? null, event);
    if (!timers || timers === current?.timers) return null;
    const next = earliest(timers);
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
