/**
 * The event log. Adapters: SQLite (embedded, default) and EventStoreDB.
 *
 * Positions are opaque strings, but every adapter encodes them at a fixed width so
 * that two positions of the same store compare as plain strings in log order
 * (`comparePositions`). That keeps checkpoints, document guards and
 * `?consistentWith=` comparisons free of adapter knowledge.
 */
export type Position = string;

export interface Actor {
  userId: string;
  partnerId: string;
  roles: string[];
}

export interface EventMetadata {
  correlationId: string;
  /** Id of the event or timer firing that caused this command; null for user commands. */
  causationId: string | null;
  actor: Actor;
  /** ISO 8601 instant from the injected clock: when the event was written. */
  occurredAt: string;
  /**
   * Business time (SPEC.md R19): the instant a dated rule was due, when a timer fired
   * late. Absent means `occurredAt`; read it through `businessTime`.
   */
  effectiveAt?: string;
  /** Schema version of `data`; upcasters lift old versions when read. */
  schema: number;
  /**
   * R21 tamper evidence, set by the event store on append (operations/event-hash.ts):
   * this event's chained hash and the one of the event before it in its stream. Absent
   * on events written before hashing; whatever a caller puts here is replaced.
   */
  hash?: string;
  previousHash?: string | null;
}

/** When an event takes effect (R19): the due instant of a late timer firing, else when it was written. */
export function businessTime(metadata: EventMetadata): string {
  return metadata.effectiveAt ?? metadata.occurredAt;
}

export interface NewEvent {
  /** UUID. Deterministic where a retry could repeat the write (timers, idempotent purchases). */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  stream: string;
  /** 0-based revision of the event in its stream. */
  revision: number;
  /** Position in the global log ($all). */
  position: Position;
}

/** `no-stream`: the stream must not exist; a number: the revision of its last event. */
export type ExpectedRevision = 'no-stream' | 'any' | number;

/** One stream's part of `appendMany`. */
export interface StreamAppend {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event appended (the stream's new revision). */
  nextExpectedRevision: number;
  /** Position of the last event appended. */
  position: Position;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Undefined: from the start. */
  after?: Position | null;
  /** Events per yielded batch. */
  batchSize?: number;
}

export interface SubscribeOptions {
  /** Exclusive: events strictly after this position. Undefined: from the start. */
  after?: Position | null;
}

/** Catches up from `after`, then follows live, in log order, until closed. */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /** 'sqlite' | 'eventstoredb' | ... : shown on /health. */
  readonly kind: string;
  /**
   * Appends atomically. Throws `WrongExpectedRevisionError` when the stream is not at
   * `expected`, unless every event id was already stored at exactly those revisions
   * (a repeated append), in which case it returns the original result.
   */
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams, in order, each with its own expected revision and the
   * same repeat rule as `append`; answers one result per append, in order. The first
   * failure rejects the call and nothing after it is written. Whether what came before
   * it stays is the store's: SQLite commits the whole call as one transaction (all or
   * none); EventStoreDB (6.x client: no multi-stream transactions) appends one stream
   * after the other, so a caller must be able to finish a partial write on retry
   * (deterministic ids make the finished part a recognised repeat).
   */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The whole log in position order, in batches. System events are never returned. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): AllSubscription;
  /** Position of the last event in the log, null when empty. */
  headPosition(): Promise<Position | null>;
  /**
   * R21: the log's identity (a UUID made when the log was created, kept in the log), which
   * the read store records so that read models are never served beside another log.
   */
  logIdentity(): Promise<string>;
  /**
   * Null while the log takes writes; else why not (full disk, read-only file, I/O error).
   * `/health/ready` is down meanwhile. A store may only know after a failed append.
   */
  unwritableReason(): Promise<string | null>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${stream} is at ${actual}, expected ${expected}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export function comparePositions(a: Position | null, b: Position | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/**
 * The storage cannot take writes now (full disk, read-only file, I/O error): nothing of
 * the failed append was acknowledged; retrying later is safe. HTTP: 503 `storage-unavailable`.
 */
export class StorageUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the event store cannot write now (${reason}); retry later`);
    this.name = 'StorageUnavailableError';
  }
}
