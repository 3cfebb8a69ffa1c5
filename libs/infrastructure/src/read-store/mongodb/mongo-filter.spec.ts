import fc from 'fast-check';
import { Document } from 'mongodb';
import { CollectionSchema, Filter, InvalidQueryError, Scalar } from '@ledger/application';
import { decodeCursor, encodeCursor, pageOrder } from '../shared/query-validation';
import { cursorFilter, indexKey, mongoFilter, sortSpec, withCondition } from './mongo-filter';
import { checkpointUpdates, CounterIncrements, newerWrites, storedReplacement } from './mongo-writes';

const schema: CollectionSchema = {
  columns: { partnerId: 'text', customerId: 'text', status: 'text', createdAt: 'text', cancelAt: 'text', n: 'integer', trial: 'integer' },
  indexes: [['customerId', 'status', 'createdAt'], ['partnerId', 'cancelAt'], ['n']],
};

/** Every key at any depth of a query (to prove there is no `$or` anywhere). */
function keys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keys);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keys(inner)]);
  return [];
}

describe('MongoDB filter translation (no server needed)', () => {
  it('rebuilds every condition on a column or id with explicit operators and maps id to _id', () => {
    expect(
      mongoFilter(schema, { partnerId: 'p1', id: 'x', status: { $in: ['active', 'suspended'] }, cancelAt: { $ne: null }, n: { $gte: 2, $lt: 4 }, createdAt: { $gt: '2026-01-02' } }),
    ).toEqual({
      $and: [
        { partnerId: { $eq: 'p1' } },
        { _id: { $eq: 'x' } },
        { status: { $in: ['active', 'suspended'] } },
        { cancelAt: { $ne: null } },
        { n: { $gte: 2 } },
        { n: { $lt: 4 } },
        { createdAt: { $gt: '2026-01-02' } },
      ],
    });
    expect(mongoFilter(schema, {})).toEqual({});
    expect(mongoFilter(schema, { cancelAt: null, status: { $in: [] } })).toEqual({ $and: [{ cancelAt: { $eq: null } }, { status: { $in: [] } }] });
  });

  it('compares values as the columns store them (booleans as 1/0, numbers in text columns and id as text)', () => {
    expect(mongoFilter(schema, { trial: true, n: { $in: [false, 3, null] }, status: 5, id: { $gt: 7 } })).toEqual({
      $and: [{ trial: { $eq: 1 } }, { n: { $in: [0, 3, null] } }, { status: { $eq: '5' } }, { _id: { $gt: '7' } }],
    });
  });

  it('refuses fields that are not columns: no query reaches into the stored document', () => {
    const refused = (filter: unknown) => expect(() => mongoFilter(schema, filter as Filter)).toThrow(InvalidQueryError);
    refused({ 'offer.publisher': 'partner' });
    refused({ doc: 'x' });
    refused({ 'doc.state.status': 'active' });
    refused({ _id: 'x' });
    refused({ _position: { $gt: '0' } });
    refused({ unknown: 1 });
    refused({ 'a); DROP TABLE x; --': 1 });
  });

  it('never lets client input become an operator', () => {
    const refused = (filter: unknown) => expect(() => mongoFilter(schema, filter as Filter)).toThrow(InvalidQueryError);
    refused({ $where: 'sleep(1000)' });
    refused({ $expr: { $eq: [1, 1] } });
    refused({ $or: [{ status: 'active' }] });
    refused({ status: { $regex: '.*' } });
    refused({ status: { $where: 'sleep(1000)' } });
    refused({ status: { $ne: { $gt: '' } } });
    refused({ status: { $in: [{ $gt: '' }] } });
    refused({ status: { $in: 'active' } });
    refused({ status: { $gt: { $gt: '' } } });
    refused({ status: { $gt: null } });
    refused({ status: ['active'] });
    refused({ 'a.$b': 1 });
    refused({ status: {} });
  });

  it('sorts on at most one column then _id, one direction, as the compound indexes (columns then _id) serve', () => {
    expect(sortSpec(pageOrder(schema, [{ field: 'createdAt', direction: 'desc' }]))).toEqual({ createdAt: -1, _id: -1 });
    expect(sortSpec(pageOrder(schema, [{ field: 'n', direction: 'asc' }, { field: 'id', direction: 'asc' }]))).toEqual({ n: 1, _id: 1 });
    expect(Object.keys(sortSpec(pageOrder(schema, [{ field: 'n', direction: 'asc' }])))).toEqual(['n', '_id']);
    expect(sortSpec(pageOrder(schema, undefined))).toEqual({ _id: 1 });
    expect(sortSpec(pageOrder(schema, [{ field: 'id', direction: 'desc' }]))).toEqual({ _id: -1 });
    expect(() => pageOrder(schema, [{ field: '$where', direction: 'asc' }])).toThrow(InvalidQueryError);
    expect(() => pageOrder(schema, [{ field: 'doc.state', direction: 'asc' }])).toThrow(InvalidQueryError);
    expect(() => pageOrder(schema, [{ field: 'n', direction: 'asc' }, { field: 'status', direction: 'asc' }])).toThrow(InvalidQueryError);
    expect(Object.entries(indexKey(['customerId', 'status', 'createdAt']))).toEqual([
      ['customerId', 1],
      ['status', 1],
      ['createdAt', 1],
      ['_id', 1],
    ]);
  });

  it('puts a cursor as one index range: $lte/$gte on the sort column minus the ties up to the last id, never $or', () => {
    const desc = pageOrder(schema, [{ field: 'createdAt', direction: 'desc' }]);
    const after = cursorFilter(desc, decodeCursor(encodeCursor(['2026-01-03', 'e']), desc));
    // Descending, nulls come last: `$not: { $gt }` keeps them (a `$lte` on a string matches no null).
    expect(after).toEqual({ createdAt: { $not: { $gt: '2026-01-03' } }, $nor: [{ createdAt: { $eq: '2026-01-03' }, _id: { $gte: 'e' } }] });
    const asc = pageOrder(schema, [{ field: 'n', direction: 'asc' }]);
    expect(cursorFilter(asc, [3, 'a'])).toEqual({ n: { $gte: 3 }, $nor: [{ n: { $eq: 3 }, _id: { $lte: 'a' } }] });
    // After a null row: ascending, everything but the nulls up to its id; descending, the later nulls.
    expect(cursorFilter(asc, [null, 'a'])).toEqual({ $nor: [{ n: { $eq: null }, _id: { $lte: 'a' } }] });
    expect(cursorFilter(desc, decodeCursor(encodeCursor([null, 'e']), desc))).toEqual({ createdAt: { $lte: null }, $nor: [{ createdAt: { $eq: null }, _id: { $gte: 'e' } }] });
    expect(cursorFilter(pageOrder(schema, undefined), ['c'])).toEqual({ _id: { $gt: 'c' } });
    expect(cursorFilter(pageOrder(schema, [{ field: 'id', direction: 'desc' }]), ['c'])).toEqual({ _id: { $lt: 'c' } });

    const query = withCondition(mongoFilter(schema, { customerId: 'c1', status: { $in: ['active', 'suspended'] } }), after);
    expect(query).toEqual({ $and: [{ customerId: { $eq: 'c1' } }, { status: { $in: ['active', 'suspended'] } }, after] });
    expect(keys(query)).not.toContain('$or');
    expect(withCondition({}, after)).toEqual({ $and: [after] });
  });

  it('refuses cursors that are not ours', () => {
    const order = pageOrder(schema, [{ field: 'createdAt', direction: 'desc' }]);
    expect(() => decodeCursor('not-a-cursor', order)).toThrow(InvalidQueryError);
    expect(() => decodeCursor(encodeCursor(['x']), order)).toThrow(InvalidQueryError);
    expect(() => decodeCursor(Buffer.from(JSON.stringify([{ $gt: '' }, 'a'])).toString('base64url'), order)).toThrow(InvalidQueryError);
    expect(() => decodeCursor(encodeCursor(['2026-01-03', null]), order)).toThrow(InvalidQueryError);
    expect(() => decodeCursor(encodeCursor([null]), pageOrder(schema, undefined))).toThrow(InvalidQueryError);
  });

  it('walks every row exactly once, page by page, in both directions, nulls in the sort column included (the query run by a small evaluator)', () => {
    const row = fc.record({ n: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), status: fc.constantFrom('active', 'suspended') });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), row), { selector: ([id]) => id, maxLength: 25 }),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        (entries, direction, byColumn, limit) => {
          const rows: Document[] = entries.map(([id, fields]) => ({ _id: id, ...fields }));
          const order = pageOrder(schema, byColumn ? [{ field: 'n', direction }] : [{ field: 'id', direction }]);
          const filter: Filter = { status: 'active' };
          const expected = sortRows(rows.filter((r) => matches(r, mongoFilter(schema, filter))), sortSpec(order)).map((r) => r._id);
          const seen: unknown[] = [];
          let cursor: string | null = null;
          for (let pages = 0; pages < 100; pages++) {
            let query = mongoFilter(schema, filter);
            if (cursor) query = withCondition(query, cursorFilter(order, decodeCursor(cursor, order)));
            const found = sortRows(rows.filter((r) => matches(r, query)), sortSpec(order)).slice(0, limit + 1);
            const page = found.slice(0, limit);
            seen.push(...page.map((r) => r._id));
            const last = page.at(-1);
            cursor = found.length > limit && last ? encodeCursor(order.column ? [last[order.column] as Scalar, last._id] : [last._id]) : null;
            if (!cursor) break;
          }
          expect(seen).toEqual(expected);
        },
      ),
    );
  });
});

describe('MongoDB writes (no server needed)', () => {
  const write = (id: string, position: string, extra: Partial<{ columns: Record<string, Scalar>; counters: Array<{ key: string; values: Record<string, number> }> }> = {}) => ({
    collection: 'subs',
    doc: { id, _position: position, nested: { when: new Date('2026-01-01T00:00:00Z'), skipped: undefined } },
    ...extra,
  });

  it('stores the document as given (JSON-safe) in doc and every schema column at the top level', () => {
    const stored = storedReplacement(schema, write('a', '0001', { columns: { partnerId: 'p1', trial: true, n: 3, extra: 'ignored' } }));
    expect(stored).toEqual({
      _position: '0001',
      doc: { id: 'a', _position: '0001', nested: { when: '2026-01-01T00:00:00.000Z' } },
      partnerId: 'p1',
      customerId: null,
      status: null,
      createdAt: null,
      cancelAt: null,
      n: 3,
      trial: 1,
    });
    expect(stored).not.toHaveProperty('_id');
    expect(() => storedReplacement(schema, write('a', '0001', { columns: { status: { $gt: '' } as unknown as Scalar } }))).toThrow();
  });

  it('applies only writes newer than what is stored, in batch order', () => {
    const writes = [write('a', '0005'), write('b', '0002'), write('c', '0003'), write('c', '0004'), write('c', '0004'), write('d', '0001')];
    const stored = new Map([
      ['a', '0005'],
      ['b', '0001'],
      ['d', '0009'],
    ]);
    expect(newerWrites(writes, stored).map((w) => `${w.doc.id}@${w.doc._position}`)).toEqual(['b@0002', 'c@0003', 'c@0004']);
  });

  it('sums counter deltas per (collection, key) into one $inc each, keeping names that were changed', () => {
    const increments = new CounterIncrements();
    increments.add('subs', [
      { key: 'p1', values: { active: 1, trial: 0 } },
      { key: 'p2', values: { active: 0 } },
    ]);
    increments.add('subs', [{ key: 'p1', values: { active: -1, mrrCents: 500 } }]);
    increments.add('orders', undefined);
    expect(increments.updates()).toEqual([
      { updateOne: { filter: { _id: 'subs:p1' }, update: { $inc: { 'values.active': 0, 'values.mrrCents': 500 }, $setOnInsert: { collection: 'subs', key: 'p1' } }, upsert: true } },
    ]);
    expect(() => new CounterIncrements().add('subs', [{ key: 'p1', values: { 'a.b': 1 } }])).toThrow();
    expect(() => new CounterIncrements().add('subs', [{ key: 'p1', values: { $inc: 1 } }])).toThrow();
    expect(() => new CounterIncrements().add('subs', [{ key: 'p1', values: { a: Number.NaN } }])).toThrow();
  });

  it('moves checkpoints only forward ($max upserts: no duplicate key, so safe inside a transaction)', () => {
    expect(checkpointUpdates([{ name: 'subscriptions', position: '0009' }])).toEqual([
      { updateOne: { filter: { _id: 'subscriptions' }, update: { $max: { position: '0009' } }, upsert: true } },
    ]);
  });
});

// A small evaluator of the query subset the adapter emits, with MongoDB's meaning for it:
// a range only matches values of its operand's type (null against null), nulls sort first.
function matches(row: Document, query: Document): boolean {
  return Object.entries(query).every(([key, value]) => {
    if (key === '$and') return (value as Document[]).every((q) => matches(row, q));
    if (key === '$nor') return !(value as Document[]).some((q) => matches(row, q));
    if (key.startsWith('$')) throw new Error(`unexpected ${key}`);
    return fieldMatches(row[key] ?? null, value as Document);
  });
}

function fieldMatches(field: unknown, operators: Document): boolean {
  const sameType = (operand: unknown) => (field === null) === (operand === null);
  return Object.entries(operators).every(([op, operand]) => {
    switch (op) {
      case '$eq':
        return field === operand;
      case '$ne':
        return field !== operand;
      case '$in':
        return (operand as unknown[]).includes(field);
      case '$not':
        return !fieldMatches(field, operand as Document);
      case '$gt':
        return sameType(operand) && field !== null && (field as number) > (operand as number);
      case '$gte':
        return sameType(operand) && (field === null || (field as number) >= (operand as number));
      case '$lt':
        return sameType(operand) && field !== null && (field as number) < (operand as number);
      case '$lte':
        return sameType(operand) && (field === null || (field as number) <= (operand as number));
      default:
        throw new Error(`unexpected ${op}`);
    }
  });
}

function sortRows(rows: Document[], spec: Record<string, 1 | -1>): Document[] {
  const compare = (a: unknown, b: unknown) => (a === b ? 0 : a === null || a === undefined ? -1 : b === null || b === undefined ? 1 : a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => {
    for (const [key, direction] of Object.entries(spec)) {
      const order = compare(a[key], b[key]);
      if (order !== 0) return order * direction;
    }
    return 0;
  });
}
