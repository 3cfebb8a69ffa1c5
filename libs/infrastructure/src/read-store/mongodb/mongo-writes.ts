import { CollectionSchema, comparePositions, CounterDelta, DocumentWrite, Position, ReadDocument, Scalar } from '@ledger/application';
import { isScalar } from '../shared/query-validation';
import { columnValue } from './mongo-filter';

/** A read model document as stored: `{ _id, _position, doc, ...columns }`. */
export interface StoredDocument {
  _id: string;
  _position: Position;
  doc: ReadDocument;
  [column: string]: unknown;
}

/** One document per (collection, key) in `_counters`. */
export interface CounterDocument {
  _id: string;
  collection: string;
  key: string;
  values: Record<string, number>;
}

/** Collection names are checked identifiers (no `:`), so the id is unambiguous. */
export const counterId = (collection: string, key: string): string => `${collection}:${key}`;

/**
 * The stored form of a write (without `_id`, which the upsert takes from its filter): the
 * document as given (JSON-safe, as the embedded store keeps it) and every schema column at
 * the top level (a missing one is null). Column names never clash with `_id`, `_position`
 * or `doc` (checkSchema reserves them).
 */
export function storedReplacement(schema: CollectionSchema, write: DocumentWrite): Omit<StoredDocument, '_id'> {
  const stored: Omit<StoredDocument, '_id'> = { _position: write.doc._position, doc: JSON.parse(JSON.stringify(write.doc)) as ReadDocument };
  for (const [name, type] of Object.entries(schema.columns)) {
    const value: unknown = write.columns?.[name] ?? null;
    if (!isScalar(value)) throw new Error(`column ${name} of ${write.collection} document ${write.doc.id} must be a scalar`);
    stored[name] = columnValue(type, value as Scalar);
  }
  return stored;
}

/**
 * The writes of one collection that are newer than what is stored, in batch order (a
 * later write of the same id is compared with the earlier one it follows), like the
 * embedded store's guarded upsert run write by write.
 */
export function newerWrites(writes: DocumentWrite[], stored: Map<string, Position>): DocumentWrite[] {
  const positions = new Map(stored);
  const newer: DocumentWrite[] = [];
  for (const write of writes) {
    const current = positions.get(write.doc.id);
    if (current !== undefined && comparePositions(current, write.doc._position) >= 0) continue;
    positions.set(write.doc.id, write.doc._position);
    newer.push(write);
  }
  return newer;
}

const COUNTER_NAME = /^[^.$][^.]*$/;

/**
 * Counter deltas of the applied writes, summed per (collection, key) into one `$inc` each.
 * A name some write changed stays in the update even when its sum is zero (the embedded
 * store then holds a 0 too); names never changed create nothing.
 */
export class CounterIncrements {
  private readonly totals = new Map<string, { collection: string; key: string; values: Record<string, number> }>();

  add(collection: string, deltas: CounterDelta[] | undefined): void {
    for (const { key, values } of deltas ?? []) {
      for (const [name, value] of Object.entries(values)) {
        if (value === 0) continue;
        if (!COUNTER_NAME.test(name) || name.includes('\0')) throw new Error(`invalid counter name ${JSON.stringify(name)} in ${collection}`);
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`counter ${name} of ${collection}/${key} needs a finite number, got ${String(value)}`);
        const id = counterId(collection, key);
        const total = this.totals.get(id) ?? { collection, key, values: {} };
        total.values[name] = (total.values[name] ?? 0) + value;
        this.totals.set(id, total);
      }
    }
  }

  /** Upserts for `_counters`: `$inc` on `values.<name>`, the collection and key set on insert. */
  updates(): Array<{ updateOne: { filter: { _id: string }; update: { $inc: Record<string, number>; $setOnInsert: { collection: string; key: string } }; upsert: true } }> {
    return [...this.totals].map(([id, { collection, key, values }]) => ({
      updateOne: {
        filter: { _id: id },
        update: {
          $inc: Object.fromEntries(Object.entries(values).map(([name, value]) => [`values.${name}`, value])),
          $setOnInsert: { collection, key },
        },
        upsert: true,
      },
    }));
  }
}

/** Checkpoint upserts that never move backwards (`$max` compares the position strings bytewise). */
export function checkpointUpdates(checkpoints: Array<{ name: string; position: Position }>): Array<{
  updateOne: { filter: { _id: string }; update: { $max: { position: Position } }; upsert: true };
}> {
  return checkpoints.map(({ name, position }) => ({ updateOne: { filter: { _id: name }, update: { $max: { position } }, upsert: true } }));
}
