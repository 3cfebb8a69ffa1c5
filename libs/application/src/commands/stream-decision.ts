import { DomainEvent } from '@ledger/domain';
import { EventStore, Position, WrongExpectedRevisionError } from '../ports/event-store.port';
import { Clock } from '../ports/clock.port';
import { CommandContext, metadataFor, withEffectiveAt } from './command-context';
import { ConcurrencyConflictError, PreconditionFailedError } from './application-errors';
import { IdGenerator } from '../ports/id-generator.port';
import { CurrentEvent, toDomainEvent } from './upcasting';
import { streamLocks } from './stream-lock';
import { streamStateCache } from './stream-state-cache';

export interface StreamModel<S, E extends DomainEvent> {
  initialState: S;
  evolve(state: S, event: E): S;
}

export interface Decision<S, E extends DomainEvent> {
  stream: string;
  model: StreamModel<S, E>;
  /**
   * The current state and "now" in, new events out (or a DomainError thrown). May be
   * async to load what the pure decider needs (catalog, other streams' statuses).
   */
  decide(state: S, now: Date, revision: number | null): E[] | Promise<E[]>;
  context: CommandContext;
  /** Runs before anything else (R1: a foreign resource must look missing, even to If-Match). */
  authorize?: (state: S) => void;
  /** Deterministic ids where a retry could repeat the write (DESIGN.md). */
  eventId?: (event: E, index: number) => string;
  /** The business instant of an event (R19); recorded as `effectiveAt` when it is not the write time. */
  effectiveAt?: (event: E) => string;
  /** Decide as of this instant instead of the clock's now (what follows another event, at that event's instant). */
  at?: Date;
  /**
   * Checked on the state the decision is made on (also after a re-read): false decides
   * nothing. A process manager uses it to leave alone a stream written since its event.
   */
  applies?: (loaded: LoadedStream<S>) => boolean;
  /**
   * The stream is named by an id made for this command (a new customer's UUID): nothing can
   * have written it, so the first attempt decides on the initial state without reading; an
   * append that finds it written conflicts, and the next attempt reads.
   */
  newStream?: boolean;
}

export interface DecisionResult<S, E extends DomainEvent> {
  state: S;
  /** Revision of the stream's last event after the decision; null when it has none. */
  revision: number | null;
  /** Position of the last event appended, or of the stream's last event when nothing was. */
  position: Position | null;
  appended: E[];
  /** Ids of the appended events (causation for what they cause). */
  eventIds: string[];
}

const MAX_ATTEMPTS = 5;

export interface LoadedStream<S> {
  state: S;
  /** Revision of the stream's last event; null when it has none. */
  revision: number | null;
  position: Position | null;
}

/**
 * The stream folded by `model`: from the cached state on, reading only the events after
 * the cached revision (none, usually), or from the start when nothing is cached.
 */
export async function loadStream<S, E extends DomainEvent>(eventStore: EventStore, stream: string, model: StreamModel<S, E>): Promise<LoadedStream<S>> {
  const cache = streamStateCache(eventStore);
  const cached = cache.get(stream, model);
  const events = await eventStore.readStream(stream, cached ? { fromRevision: cached.revision + 1 } : {});
  let state = cached ? (cached.state as S) : model.initialState;
  for (const event of events) state = model.evolve(state, toDomainEvent<E>(event));
  const last = events.at(-1);
  if (last) cache.remember(stream, { model, state, revision: last.revision, position: last.position });
  if (last) return { state, revision: last.revision, position: last.position };
  return cached ? { state, revision: cached.revision, position: cached.position } : { state, revision: null, position: null };
}

/**
 * The state of `event`'s stream as of that event or later, for a follower of the log: the
 * cached state when it covers the event (this process appended it), the cached state
 * evolved by the event when the cache stops just before it (a worker process meeting the
 * stream's events in turn: no read), else the stream as read now.
 */
export async function stateAfter<S, E extends DomainEvent>(eventStore: EventStore, event: CurrentEvent, model: StreamModel<S, E>): Promise<S> {
  const cache = streamStateCache(eventStore);
  const cached = cache.get(event.stream, model);
  if (cached && cached.revision >= event.revision) return cached.state as S;
  if (cached && cached.revision === event.revision - 1) {
    // A current event's data is already in the current schema.
    const state = model.evolve(cached.state as S, { type: event.type, data: event.data } as E);
    cache.remember(event.stream, { model, state, revision: event.revision, position: event.position });
    return state;
  }
  return (await loadStream(eventStore, event.stream, model)).state;
}

/** What a handler just appended is the stream's new state: remember it instead of reading it back. */
export function rememberStream<S, E extends DomainEvent>(eventStore: EventStore, stream: string, model: StreamModel<S, E>, loaded: { state: S; revision: number; position: Position }): void {
  streamStateCache(eventStore).remember(stream, { model, ...loaded });
}

/**
 * Load, decide, append with the expected revision; on a conflict do it all again
 * (the decision may change), a bounded number of times (DESIGN.md "flow of one command").
 */
export function decideAndAppend<S, E extends DomainEvent>(
  deps: { eventStore: EventStore; clock: Clock; ids: IdGenerator },
  decision: Decision<S, E>,
): Promise<DecisionResult<S, E>> {
  return streamLocks.run(decision.stream, () => attemptDecision(deps, decision));
}

/** The cached fold of a stream, without reading anything (it may be behind the log). */
export function cachedStream<S, E extends DomainEvent>(eventStore: EventStore, stream: string, model: StreamModel<S, E>): LoadedStream<S> | null {
  const cached = streamStateCache(eventStore).get(stream, model);
  return cached ? { state: cached.state as S, revision: cached.revision, position: cached.position } : null;
}

/**
 * Decides from the cached state without reading the stream: the append states the
 * cached revision, so a stale state cannot write (it conflicts, and the next attempt
 * reads). What does not reach an append is confirmed on a state just read before it is
 * answered: a refusal (domain error, 404, 412) or an empty decision decided from an
 * unread state is decided again after reading what follows the cached revision.
 */
async function attemptDecision<S, E extends DomainEvent>(
  deps: { eventStore: EventStore; clock: Clock; ids: IdGenerator },
  decision: Decision<S, E>,
): Promise<DecisionResult<S, E>> {
  const { eventStore } = deps;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const cached = attempt === 1 ? assumedStream(eventStore, decision) : null;
    let loaded = cached ?? (await loadStream(eventStore, decision.stream, decision.model));
    let read = cached === null;
    let decided: { events: E[]; now: Date };
    for (;;) {
      try {
        decided = await decideOn(deps.clock, decision, loaded);
      } catch (error) {
        if (read) throw error;
        loaded = await loadStream(eventStore, decision.stream, decision.model);
        read = true;
        continue;
      }
      if (decided.events.length === 0 && !read) {
        const latest = await loadStream(eventStore, decision.stream, decision.model);
        read = true;
        if (latest.revision !== loaded.revision) {
          loaded = latest;
          continue;
        }
      }
      break;
    }
    const { state, revision, position } = loaded;
    const { events, now } = decided;
    if (events.length === 0) return { state, revision, position, appended: [], eventIds: [] };
    // Written now; decided as of `decision.at` when it follows another event (R19).
    const metadata = metadataFor(decision.context, decision.at ? deps.clock.now() : now);
    const eventIds = events.map((event, index) => decision.eventId?.(event, index) ?? deps.ids.newId());
    try {
      const result = await eventStore.append(
        decision.stream,
        events.map((event, index) => ({ id: eventIds[index], type: event.type, data: event.data as Record<string, unknown>, metadata: withEffectiveAt(metadata, decision.effectiveAt?.(event)) })),
        revision ?? 'no-stream',
      );
      const next = events.reduce(decision.model.evolve, state);
      rememberStream(eventStore, decision.stream, decision.model, { state: next, revision: result.nextExpectedRevision, position: result.position });
      return { state: next, revision: result.nextExpectedRevision, position: result.position, appended: events, eventIds };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
  throw new ConcurrencyConflictError(decision.stream, MAX_ATTEMPTS);
}

/** What a first attempt decides on without reading: the cached fold, or an empty stream when the command made its name. */
function assumedStream<S, E extends DomainEvent>(eventStore: EventStore, decision: Decision<S, E>): LoadedStream<S> | null {
  const cached = cachedStream(eventStore, decision.stream, decision.model);
  if (cached || !decision.newStream) return cached;
  return { state: decision.model.initialState, revision: null, position: null };
}

async function decideOn<S, E extends DomainEvent>(clock: Clock, decision: Decision<S, E>, loaded: LoadedStream<S>): Promise<{ events: E[]; now: Date }> {
  const { state, revision } = loaded;
  decision.authorize?.(state);
  const expected = decision.context.expectedRevision;
  if (expected !== undefined && expected !== revision) {
    throw new PreconditionFailedError(decision.stream, expected, revision ?? -1);
  }
  if (decision.applies && !decision.applies({ state, revision, position: loaded.position })) return { events: [], now: clock.now() };
  const now = decision.at ?? clock.now();
  return { events: await decision.decide(state, now, revision), now };
}
