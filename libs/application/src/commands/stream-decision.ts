import { DomainEvent } from '@ledger/domain';
import { EventStore, Position, RecordedEvent, WrongExpectedRevisionError } from '../ports/event-store.port';
import { Clock } from '../ports/clock.port';
import { CommandContext, metadataFor } from './command-context';
import { ConcurrencyConflictError, PreconditionFailedError } from './application-errors';
import { IdGenerator } from '../ports/id-generator.port';
import { toDomainEvent } from './upcasting';

export interface StreamModel<S, E extends DomainEvent> {
  initialState: S;
  evolve(state: S, event: E): S;
}

export interface Decision<S, E extends DomainEvent> {
  stream: string;
  model: StreamModel<S, E>;
  /** Pure: the current state and "now" in, new events out (or a DomainError thrown). */
  decide(state: S, now: Date, revision: number | null): E[];
  context: CommandContext;
  /** Deterministic ids where a retry could repeat the write (DESIGN.md). */
  eventId?: (event: E, index: number) => string;
}

export interface DecisionResult<S, E extends DomainEvent> {
  state: S;
  /** Revision of the stream's last event after the decision; null when it has none. */
  revision: number | null;
  /** Position of the last event appended, or of the stream's last event when nothing was. */
  position: Position | null;
  appended: E[];
}

const MAX_ATTEMPTS = 5;

export async function loadStream<S, E extends DomainEvent>(
  eventStore: EventStore,
  stream: string,
  model: StreamModel<S, E>,
): Promise<{ state: S; revision: number | null; position: Position | null; events: RecordedEvent[] }> {
  const events = await eventStore.readStream(stream);
  let state = model.initialState;
  for (const event of events) state = model.evolve(state, toDomainEvent<E>(event));
  const last = events.at(-1);
  return { state, revision: last?.revision ?? null, position: last?.position ?? null, events };
}

/**
 * Load, decide, append with the expected revision; on a conflict do it all again
 * (the decision may change), a bounded number of times (DESIGN.md "flow of one command").
 */
export async function decideAndAppend<S, E extends DomainEvent>(
  deps: { eventStore: EventStore; clock: Clock; ids: IdGenerator },
  decision: Decision<S, E>,
): Promise<DecisionResult<S, E>> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { state, revision, position } = await loadStream(deps.eventStore, decision.stream, decision.model);
    const expected = decision.context.expectedRevision;
    if (expected !== undefined && expected !== revision) {
      throw new PreconditionFailedError(decision.stream, expected, revision ?? -1);
    }
    const now = deps.clock.now();
    const events = decision.decide(state, now, revision);
    if (events.length === 0) return { state, revision, position, appended: [] };
    const metadata = metadataFor(decision.context, now);
    try {
      const result = await deps.eventStore.append(
        decision.stream,
        events.map((event, index) => ({
          id: decision.eventId?.(event, index) ?? deps.ids.newId(),
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata,
        })),
        revision ?? 'no-stream',
      );
      const next = events.reduce(decision.model.evolve, state);
      return { state: next, revision: result.nextExpectedRevision, position: result.position, appended: events };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
  throw new ConcurrencyConflictError(decision.stream, MAX_ATTEMPTS);
}
