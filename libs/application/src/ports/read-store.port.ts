import { Position } from './event-store.port';

/**
 * Documents for read models. Adapters: embedded (SQLite file, durable) and MongoDB.
 * Every document carries the log position it reflects (`_position`); writes are
 * guarded on it so that a replayed event never moves a document backwards or
 * applies twice.
 */
export interface ReadDocument {
  id: string;
  _position: Position;
  [field: string]: unknown;
}

export type Scalar = string | number | boolean | null;
export type ColumnType = 'text' | 'integer';

/**
 * A collection shaped by its queries (DESIGN.md "At scale"): the fields that are
 * filtered or sorted on are real columns (embedded) or top-level indexed fields (Mongo),
 * written beside the document; every access path is an index of such columns that the
 * adapter ends with `id`, so a sorted page is an index range and a cursor a row value.
 */
export interface CollectionSchema {
  /** Column names are plain identifiers; `id` is always there and never listed. */
  columns: Record<string, ColumnType>;
  /** Each index: equality columns first, then at most one sort or range column. */
  indexes: string[][];
}

export type FieldCondition =
  | Scalar
  | { $in: Scalar[] }
  | { $ne: Scalar }
  | { $gt?: string | number; $gte?: string | number; $lt?: string | number; $lte?: string | number };

/** Conditions on columns of the collection's schema (or `id`); anything else is refused. */
export type Filter = Record<string, FieldCondition>;

export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
}

export interface FindOptions {
  /** At most one column; ties are broken by `id` in the same direction. Sort columns hold no nulls. */
  sort?: SortKey[];
  limit?: number;
  /** Opaque, from a previous page's `nextCursor` with the same filter and sort. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A per-key set of counters (for example a partner's dashboard figures). */
export type Counters = Record<string, number>;

export interface CounterDelta {
  key: string;
  values: Counters;
}

/** Upsert the whole document unless the stored one has `_position` >= this one's. */
export interface DocumentWrite {
  collection: string;
  doc: ReadDocument;
  /** The schema's column values for this document (missing ones are null). */
  columns?: Record<string, Scalar>;
  /** Counter changes made by this write: applied if and only if the document write is. */
  counters?: CounterDelta[];
}

export interface CommitBatch {
  writes: DocumentWrite[];
  /** Written with (embedded: in the same transaction as) the documents; never move backwards. */
  checkpoints?: Array<{ name: string; position: Position }>;
}

export class InvalidQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

export interface LeaseGrant {
  /** When the lease lapses unless renewed; null: held until released or its process ends. */
  expiresAt: number | null;
}

export interface LeaseHolder extends LeaseGrant {
  owner: string;
}

export interface ReadStore {
  /** 'embedded' | 'mongodb': shown on /health. */
  readonly kind: string;
  /**
   * Creates the collection with its columns and (unless `deferIndexes`, for bulk loads)
   * its indexes; idempotent. Must be called before a collection is written or queried.
   */
  defineCollection(collection: string, schema: CollectionSchema, options?: { deferIndexes?: boolean }): Promise<void>;
  /**
   * Runs a bulk load into fresh collections that nothing reads yet (a rebuild aside). The
   * store may trade durability against an OS crash for speed while it runs (a crash then
   * loses the aside collections, never the live ones' meaning); everything is durable
   * when it returns.
   */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
  /** Builds the schema's indexes (after a bulk load into a fresh collection). */
  buildIndexes(collection: string): Promise<void>;
  get<T extends ReadDocument>(collection: string, id: string): Promise<T | null>;
  getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<T[]>;
  find<T extends ReadDocument>(collection: string, filter: Filter, options?: FindOptions): Promise<Page<T>>;
  count(collection: string, filter: Filter): Promise<number>;
  /** The counters kept beside `collection` under `key` (an empty object when none). */
  counters(collection: string, key: string): Promise<Counters>;
  /** Returns how many writes were applied (guards that failed are "already applied", not errors). */
  commit(batch: CommitBatch): Promise<{ applied: number }>;
  getCheckpoint(name: string): Promise<Position | null>;
  /** R21: the identity of the event log these read models were built from (EventStore.logIdentity); null until recorded. */
  logIdentity(): Promise<string | null>;
  /** Records (or, after a rebuild from another log, replaces) that identity. */
  recordLogIdentity(identity: string): Promise<void>;
  /** Drops the collections (with their counters) and checkpoints. */
  drop(collections: string[], checkpoints: string[]): Promise<void>;
  /** Atomically (as far as the store allows) replaces `target` (and its counters) with `source`. */
  renameCollection(source: string, target: string): Promise<void>;
  /**
   * A lease (DESIGN.md scale-out): a grant when `owner` now holds `name` (it was free,
   * lapsed, or already its own: a renewal), null when another owner holds it. Atomic in
   * the store. An expiring lease (MongoDB) is held until `now + ttlMs` unless renewed; a
   * process lease (embedded: an OS lock on a file in DATA_DIR) never lapses while its
   * process lives and is freed by the kernel the moment that process dies, even by kill -9.
   */
  tryAcquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<LeaseGrant | null>;
  releaseLease(name: string, owner: string): Promise<void>;
  /** Who holds `name` at `now` (null: nobody), for /health. */
  leaseHolder(name: string, now: number): Promise<LeaseHolder | null>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('ReadStore');
