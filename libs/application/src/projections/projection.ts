import { RecordedEvent } from '../ports/event-store.port';
import { IndexSpec, ReadDocument } from '../ports/read-store.port';

/**
 * A read model: one collection, at most one document touched per event. Pure:
 * the runner loads `current`, calls `evolve`, and writes the result guarded on
 * `_position` together with the checkpoint.
 */
export interface Projection<D extends ReadDocument = ReadDocument> {
  /** Checkpoint name; also the default collection name. */
  readonly name: string;
  readonly collection: string;
  readonly indexes: IndexSpec[];
  /** The document this event updates, or null when the projection ignores it. */
  documentId(event: RecordedEvent): string | null;
  /**
   * The next document (its `_position` is set by the runner to the event's), or null
   * for "no change". Never called for an event at or before `current._position`.
   */
  evolve(current: D | null, event: RecordedEvent): Omit<D, '_position'> | null;
}
