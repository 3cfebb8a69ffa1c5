import { Projection, ReadDocument } from '@ledger/application';

export interface CountDocument extends ReadDocument {
  count: number;
  /** Sum of the events' sequence numbers: a replayed or skipped event changes it. */
  sum: number;
}

/**
 * A projection whose documents prove exactly-once: one count per stream, and counters
 * (`total`: events and sum over every stream) that a replayed batch would double.
 */
export function countingProjection(name = 'counting'): Projection<CountDocument> {
  return {
    name,
    version: 1,
    collection: name,
    schema: { columns: { count: 'integer' }, indexes: [['count']] },
    documentId: (event) => event.stream,
    evolve: (current, event) => ({
      id: event.stream,
      count: (current?.count ?? 0) + 1,
      // Synthetic events (not domain types) carry a number under `seq`.
      sum: (current?.sum ?? 0) + ('seq' in event.data ? Number(event.data.seq) : 0),
    }),
    columns: (doc) => ({ count: doc.count }),
    counters: (doc) => ({ key: 'total', values: { events: doc.count, sum: doc.sum } }),
  };
}
