import { CurrentEvent } from '../commands/upcasting';
import { CollectionSchema, Counters, ReadDocument, Scalar } from '../ports/read-store.port';

/** What one document adds to a key's counters (the runner writes the difference it makes). */
export interface CounterContribution {
  key: string;
  values: Counters;
}

/**
 * A read model: one collection, at most one document touched per event. Pure:
 * the runner loads `current`, calls `evolve`, and writes the result guarded on
 * `_position` together with its columns, counter changes and the checkpoint.
 */
export interface Projection<D extends ReadDocument = ReadDocument> {
  /** Shown on /health and taken by `--projection`; also the default collection name. */
  readonly name: string;
  /**
   * Bumped when the documents' shape, columns or counters change: the checkpoint is kept
   * per version, so a new version starts without one and is loaded afresh (aside, then
   * swapped in) at the next start, never mixed with documents of the old shape.
   */
  readonly version: number;
  readonly collection: string;
  /** The queried fields and the indexes that serve the API's filters and sorts. */
  readonly schema: CollectionSchema;
  /** The document this event updates, or null when the projection ignores it. */
  documentId(event: CurrentEvent): string | null;
  /**
   * The next document (its `_position` is set by the runner to the event's), or null
   * for "no change". Never called for an event at or before `current._position`.
   */
  evolve(current: D | null, event: CurrentEvent): Omit<D, '_position'> | null;
  /**
   * Each document is made by one event only (a ledger entry, an order): the runner neither
   * reads nor caches it, and the store's position guard absorbs a redelivery.
   */
  readonly writeOnce?: boolean;
  /** Values of `schema.columns` for a document. */
  columns(doc: D): Record<string, Scalar>;
  /**
   * Aggregates kept as the projection goes (DESIGN.md "At scale"), e.g. a partner's dashboard
   * counts; a document may add to several keys (analytics: its partner's and its customer's).
   */
  counters?(doc: D): CounterContribution | CounterContribution[] | null;
}

/** Where a projection's progress is kept: one checkpoint per name and version. */
export function checkpointName(projection: Pick<Projection, 'name' | 'version'>): string {
  return `${projection.name}.v${projection.version}`;
}
