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

export type FieldCondition =
  | Scalar
  | { $in: Scalar[] }
  | { $ne: Scalar }
  | { $gt?: string | number; $gte?: string | number; $lt?: string | number; $lte?: string | number };

/** Field names are plain identifiers (letters, digits, `_`, dotted paths); adapters reject others. */
export type Filter = Record<string, FieldCondition>;

export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
}

export interface FindOptions {
  /** Ties are always broken by `id` in the direction of the last key. */
  sort?: SortKey[];
  limit?: number;
  /** Opaque, from a previous page's `nextCursor` with the same filter and sort. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface IndexSpec {
  fields: SortKey[];
  unique?: boolean;
}

/** Upsert the whole document unless the stored one has `_position` >= this one's. */
export interface DocumentWrite {
  collection: string;
  doc: ReadDocument;
}

export interface CommitBatch {
  writes: DocumentWrite[];
  /** Written after (embedded: in the same transaction as) the documents; never moves backwards. */
  checkpoint?: { name: string; position: Position };
}

export class InvalidQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

export interface ReadStore {
  /** 'embedded' | 'mongodb': shown on /health. */
  readonly kind: string;
  get<T extends ReadDocument>(collection: string, id: string): Promise<T | null>;
  getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<T[]>;
  find<T extends ReadDocument>(collection: string, filter: Filter, options?: FindOptions): Promise<Page<T>>;
  count(collection: string, filter: Filter): Promise<number>;
  /** Returns how many writes were applied (guards that failed are "already applied", not errors). */
  commit(batch: CommitBatch): Promise<{ applied: number }>;
  getCheckpoint(name: string): Promise<Position | null>;
  ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void>;
  /** Drops the collections and checkpoints (rebuilds go into fresh collections first). */
  drop(collections: string[], checkpoints: string[]): Promise<void>;
  /** Atomically (as far as the store allows) replaces `target` with `source`. */
  renameCollection(source: string, target: string): Promise<void>;
  /**
   * A lease (DESIGN.md scale-out): true when `owner` now holds `name` until `now + ttlMs`
   * (it was free, expired, or already its own: a renewal). Atomic in the store.
   */
  tryAcquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('ReadStore');
