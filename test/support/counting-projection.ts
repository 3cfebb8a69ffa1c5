import { Projection, ReadDocument } from '@ledger/application';

export interface CountDocument extends ReadDocument {
  count: number;
  /** Sum of the events' sequence numbers: a replayed or skipped event changes it. */
  sum: number;
}

/** A projection whose documents prove exactly-once: one count per stream and a total. */
export function countingProjection(name = 'counting'): Projection<CountDocument> {
  return {
    name,
    collection: name,
    indexes: [],
    documentId: (event) => event.stream,
    evolve: (current, event) => ({
      id: event.stream,
      count: (current?.count ?? 0) + 1,
      sum: (current?.sum ?? 0) + Number(event.data.seq),
    }),
  };
}
