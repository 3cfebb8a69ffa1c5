import { dueTimers, evolveTimerState, SubscriptionEvent, TimerKind, TimerState } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';
import { toDomainEvent } from '../commands/upcasting';

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
  documentId: (event) => (event.stream.startsWith(STREAM_PREFIX) ? event.stream.slice(STREAM_PREFIX.length) : null),
  evolve(current, event) {
    const domainEvent = toDomainEvent<SubscriptionEvent>(event);
    const timers = evolveTimerState(current?.timers ?? null, domainEvent);
    if (!timers || timers === current?.timers) return null;
    const next = earliest(timers);
    const partnerId = domainEvent.type === 'SubscriptionPurchased' ? domainEvent.data.partnerId : current!.partnerId;
    return { id: event.stream.slice(STREAM_PREFIX.length), stream: event.stream, partnerId, timers, kind: next?.kind ?? null, dueAt: next?.dueAt ?? null };
  },
  columns: (doc) => ({ dueAtMs: doc.dueAt === null ? null : Date.parse(doc.dueAt) }),
};
