import { ExpectedRevision, RecordedEvent } from './event-store.port';

/**
 * A log that takes events exactly as another store recorded them (`migrate-log`): ids,
 * streams, revisions, types, data and metadata with its R21 hashes kept as they are (an
 * event written before hashing stays unhashed); positions are the target's own.
 * Adapters: EventStoreDB.
 */
export interface LogImportTarget {
  /**
   * Appends consecutive events of one stream expecting the stream at `expected`; throws
   * `WrongExpectedRevisionError` otherwise, unless the same ids are already stored at
   * exactly those revisions (a repeat, answered as done).
   */
  appendRecorded(stream: string, events: RecordedEvent[], expected: ExpectedRevision): Promise<void>;
  /** Gives the log this identity (R21) if it has none yet; answers the identity it holds. */
  adoptLogIdentity(identity: string): Promise<string>;
  /** The identity the log holds, null when none was made yet (asking makes none). */
  storedLogIdentity(): Promise<string | null>;
}

export function isLogImportTarget<T extends object>(store: T): store is T & LogImportTarget {
  const candidate = store as Partial<LogImportTarget>;
  return typeof candidate.appendRecorded === 'function' && typeof candidate.adoptLogIdentity === 'function' && typeof candidate.storedLogIdentity === 'function';
}
