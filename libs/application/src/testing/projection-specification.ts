import { DomainEvent } from '@ledger/domain';
import { RecordedEvent } from '../ports/event-store.port';
import { CURRENT_SCHEMA } from '../commands/command-context';
import { currentEvent } from '../commands/upcasting';
import { Counters, ReadDocument } from '../ports/read-store.port';
import { Projection } from '../projections/projection';
import { documentWrite, foldEvents } from '../projections/fold-events';

/**
 * given / when / then for projections (test-only), through the runner's own fold:
 *   projection(p).given(e1, e2).when(e2).thenUnchanged()          // delivered again
 *   projection(p).given(e1).when(e2).thenDocument('id', { ... })
 * Counters are summed from the writes' deltas, as the store would.
 */
export function projection<D extends ReadDocument>(subject: Projection<D>) {
  const fold = (docs: Map<string, ReadDocument | null>, counters: Map<string, Counters>, events: RecordedEvent[]) => {
    const before = new Map(docs);
    for (const id of foldEvents(subject, docs, events.map(currentEvent))) {
      const write = documentWrite(subject, subject.collection, before.get(id) ?? null, docs.get(id)!);
      for (const delta of write.counters ?? []) {
        const sums = counters.get(delta.key) ?? {};
        for (const [name, value] of Object.entries(delta.values)) sums[name] = (sums[name] ?? 0) + value;
        counters.set(delta.key, sums);
      }
    }
  };
  return {
    given(...history: RecordedEvent[]) {
      const docs = new Map<string, ReadDocument | null>();
      const counters = new Map<string, Counters>();
      fold(docs, counters, history);
      const snapshot = JSON.stringify({ docs: [...docs], counters: [...counters] });
      return {
        when(...events: RecordedEvent[]) {
          fold(docs, counters, events);
          return {
            /** Nothing moved: documents and counters are exactly as after the givens. */
            thenUnchanged() {
              expect(JSON.stringify({ docs: [...docs], counters: [...counters] })).toEqual(snapshot);
            },
            thenDocument(id: string, expected: Partial<D> | Record<string, unknown>) {
              expect(docs.get(id)).toMatchObject(expected);
              return this;
            },
            thenColumns(id: string, expected: Record<string, unknown>) {
              expect(subject.columns(docs.get(id) as D)).toMatchObject(expected);
              return this;
            },
            thenCounters(key: string, expected: Counters) {
              expect(Object.fromEntries(Object.entries(counters.get(key) ?? {}).filter(([, v]) => v !== 0))).toEqual(expected);
              return this;
            },
          };
        },
      };
    },
  };
}

/** Domain events as the log hands them over: stream, revision, global position. */
export function recorded(stream: string, events: DomainEvent[], options: { firstRevision?: number; firstPosition?: number } = {}): RecordedEvent[] {
  const firstRevision = options.firstRevision ?? 0;
  const firstPosition = options.firstPosition ?? 1;
  return events.map((event, i) => ({
    id: `${stream}-${firstRevision + i}`,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p-1', roles: [] }, occurredAt: '2026-01-31T09:00:00.000Z', schema: CURRENT_SCHEMA },
    stream,
    revision: firstRevision + i,
    position: String(firstPosition + i).padStart(16, '0'),
  }));
}
