import { EventStore, RecordedEvent } from '../ports/event-store.port';
import { canonicalStringify } from './event-hash';

export interface LogComparison {
  sourceEvents: number;
  targetEvents: number;
  /** Places in log order where the two differ (an event missing shifts all that follow). */
  differences: number;
  /** The first of them, in words. */
  first: string | null;
}

/**
 * Both logs side by side in log order: the same events (id, stream, revision, type, data
 * as written, metadata with its hashes) in the same order; positions are each store's own.
 */
export async function compareLogs(source: EventStore, target: EventStore): Promise<LogComparison> {
  const comparison: LogComparison = { sourceEvents: 0, targetEvents: 0, differences: 0, first: null };
  const left = events(source)[Symbol.asyncIterator]();
  const right = events(target)[Symbol.asyncIterator]();
  for (;;) {
    const [a, b] = await Promise.all([left.next(), right.next()]);
    if (a.done && b.done) return comparison;
    if (!a.done) comparison.sourceEvents++;
    if (!b.done) comparison.targetEvents++;
    const difference = differenceOf(a.done ? null : a.value, b.done ? null : b.value);
    if (difference) {
      comparison.differences++;
      comparison.first ??= `event ${Math.max(comparison.sourceEvents, comparison.targetEvents)} in log order: ${difference}`;
    }
  }
}

async function* events(store: EventStore): AsyncIterable<RecordedEvent> {
  for await (const batch of store.readAll({ batchSize: 1000 })) yield* batch;
}

const name = (event: RecordedEvent) => `${event.stream}@${event.revision} (${event.type} ${event.id})`;

function differenceOf(source: RecordedEvent | null, target: RecordedEvent | null): string | null {
  if (!target) return `${name(source!)} is missing from the target`;
  if (!source) return `the target has ${name(target)}, which the source has not`;
  if (source.id !== target.id || source.stream !== target.stream || source.revision !== target.revision || source.type !== target.type) {
    return `the source has ${name(source)}, the target ${name(target)}`;
  }
  if (JSON.stringify(source.data) !== JSON.stringify(target.data)) return `${name(source)}: its data differ`;
  if (canonicalStringify(source.metadata) !== canonicalStringify(target.metadata)) return `${name(source)}: its metadata differ`;
  return null;
}
