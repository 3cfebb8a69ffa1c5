import { Document } from 'mongodb';
import { CollectionSchema, ColumnType, Filter, Scalar } from '@ledger/application';
import { Condition, PageOrder, parseFilter } from '../shared/query-validation';

/** `id` is the document's `_id`; every other queried field is a checked top-level column. */
export const mongoField = (field: string): string => (field === 'id' ? '_id' : field);

type Direction = 1 | -1;
const direction = (order: PageOrder): Direction => (order.direction === 'asc' ? 1 : -1);

/**
 * A value as stored in (and compared with) a column, like the embedded store's column
 * affinity: booleans are 1/0, numbers in a text column (and in `id`) are text.
 */
export function columnValue(type: ColumnType, value: Scalar): Scalar {
  if (typeof value === 'boolean') value = value ? 1 : 0;
  if (type === 'text' && typeof value === 'number') return String(value);
  return value;
}

function fieldType(schema: CollectionSchema, field: string): ColumnType {
  return field === 'id' ? 'text' : schema.columns[field];
}

/**
 * Our filter, rebuilt key by key from checked parts: only `id` and the schema's columns
 * can be named, every condition is an explicit operator ($eq, $in, $ne, $gt...), and only
 * scalars reach the query as values, so client input can never smuggle in an operator
 * ($where, $expr, $regex...) nor reach into the stored documents.
 */
export function mongoFilter(schema: CollectionSchema, filter: Filter): Document {
  const and: Document[] = [];
  for (const { field, conditions } of parseFilter(schema, filter)) {
    const type = fieldType(schema, field);
    for (const condition of conditions) and.push({ [mongoField(field)]: operator(type, condition) });
  }
  return and.length ? { $and: and } : {};
}

function operator(type: ColumnType, condition: Condition): Document {
  switch (condition.op) {
    case 'eq':
      return { $eq: columnValue(type, condition.value) };
    case 'ne':
      return { $ne: columnValue(type, condition.value) };
    case 'in':
      return { $in: condition.values.map((value) => columnValue(type, value)) };
    default:
      return { [condition.op]: columnValue(type, condition.value) };
  }
}

/**
 * Rows strictly after the cursor (the last row's sort value `x` and id `y`) as ONE index
 * range, never an `$or`: for a descending sort on c, `c <= x` minus the rows `c = x, id >= y`
 * (mirrored when ascending); with no sort column, `_id` beyond `y`.
 *
 * Nulls sort first ascending and last descending, but a range on a value only matches its
 * own type (`c <= "x"` never matches null): descending after a value, `c` not above `x`
 * (nulls included); ascending after a null, every row but the nulls up to `y`.
 */
export function cursorFilter(order: PageOrder, values: Scalar[]): Document {
  const asc = order.direction === 'asc';
  if (!order.column) return { _id: { [asc ? '$gt' : '$lt']: values[0] } };
  const [x, y] = values;
  const column = mongoField(order.column);
  const passed = { [column]: { $eq: x }, _id: { [asc ? '$lte' : '$gte']: y } };
  if (asc && x === null) return { $nor: [passed] };
  return {
    [column]: asc ? { $gte: x } : x === null ? { $lte: x } : { $not: { $gt: x } },
    $nor: [passed],
  };
}

/** A filter with one more condition (the cursor) in its `$and`. */
export function withCondition(query: Document, condition: Document): Document {
  return { $and: [...((query.$and as Document[] | undefined) ?? []), condition] };
}

/** At most one column, then `_id`, in one direction: what a compound index ending in `_id` serves. */
export function sortSpec(order: PageOrder): Record<string, Direction> {
  return order.column ? { [mongoField(order.column)]: direction(order), _id: direction(order) } : { _id: direction(order) };
}

/** One compound index per schema index: its columns, then `_id` (ascending; walked either way). */
export function indexKey(columns: string[]): Record<string, 1> {
  const key: Record<string, 1> = {};
  for (const column of columns) key[mongoField(column)] = 1;
  key._id = 1;
  return key;
}
