import { CollectionSchema, FieldCondition, Filter, InvalidQueryError, Scalar, SortKey } from '@ledger/application';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['id', '_id', '_position', 'position', 'doc']);
const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** Names reach SQL or Mongo only after these checks; values are always bound, never spliced. */
export function checkCollection(name: string): string {
  if (!IDENTIFIER.test(name)) throw new InvalidQueryError(`invalid collection name: ${JSON.stringify(name)}`);
  return name;
}

export function checkSchema(schema: CollectionSchema): CollectionSchema {
  for (const [column, type] of Object.entries(schema.columns)) {
    if (!IDENTIFIER.test(column) || RESERVED.has(column)) throw new InvalidQueryError(`invalid column name: ${JSON.stringify(column)}`);
    if (type !== 'text' && type !== 'integer') throw new InvalidQueryError(`invalid type of column ${column}: ${JSON.stringify(type)}`);
  }
  for (const index of schema.indexes) {
    if (index.length === 0) throw new InvalidQueryError('an index needs at least one column');
    for (const column of index) if (!(column in schema.columns)) throw new InvalidQueryError(`index column ${JSON.stringify(column)} is not a column of the schema`);
  }
  return schema;
}

/** A queried field must be `id` or one of the schema's columns: no query reaches into documents. */
export function checkColumn(schema: CollectionSchema, field: string): string {
  if (field === 'id' || Object.prototype.hasOwnProperty.call(schema.columns, field)) return field;
  throw new InvalidQueryError(`${JSON.stringify(field)} is not a queryable column`);
}

export function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export type Condition =
  | { op: 'eq'; value: Scalar }
  | { op: 'in'; values: Scalar[] }
  | { op: 'ne'; value: Scalar }
  | { op: '$gt' | '$gte' | '$lt' | '$lte'; value: string | number };

/** A filter taken apart into checked (column, condition) pairs. */
export function parseFilter(schema: CollectionSchema, filter: Filter): Array<{ field: string; conditions: Condition[] }> {
  return Object.entries(filter).map(([field, condition]) => ({ field: checkColumn(schema, field), conditions: parseCondition(field, condition) }));
}

function parseCondition(field: string, condition: FieldCondition): Condition[] {
  if (isScalar(condition)) return [{ op: 'eq', value: condition }];
  if (typeof condition !== 'object' || Array.isArray(condition)) throw new InvalidQueryError(`invalid condition on ${field}`);
  const entries = Object.entries(condition);
  if (entries.length === 0) throw new InvalidQueryError(`empty condition on ${field}`);
  return entries.map(([op, value]): Condition => {
    if (op === '$in') {
      if (!Array.isArray(value) || !value.every(isScalar)) throw new InvalidQueryError(`$in on ${field} needs a list of values`);
      return { op: 'in', values: value };
    }
    if (op === '$ne') {
      if (!isScalar(value)) throw new InvalidQueryError(`$ne on ${field} needs a value`);
      return { op: 'ne', value };
    }
    if (RANGE_OPERATORS.has(op)) {
      if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidQueryError(`${op} on ${field} needs a string or number`);
      return { op: op as '$gt', value };
    }
    throw new InvalidQueryError(`operator ${JSON.stringify(op)} is not allowed on ${field}`);
  });
}

/** The page order: at most one column, then `id`, both in one direction (a row value). */
export interface PageOrder {
  column: string | null;
  direction: 'asc' | 'desc';
}

export function pageOrder(schema: CollectionSchema, sort: SortKey[] | undefined): PageOrder {
  const keys = (sort ?? []).filter((key, i, all) => !(key.field === 'id' && i === all.length - 1 && all.length > 1));
  if (keys.length > 1) throw new InvalidQueryError('sort on at most one column (ties are broken by id)');
  const key = keys[0];
  if (!key) return { column: null, direction: 'asc' };
  if (key.direction !== 'asc' && key.direction !== 'desc') throw new InvalidQueryError(`invalid sort direction on ${key.field}`);
  checkColumn(schema, key.field);
  return { column: key.field === 'id' ? null : key.field, direction: key.direction };
}

/** A cursor: the last row's (sort value, id). */
export function encodeCursor(values: Scalar[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, order: PageOrder): Scalar[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidQueryError('invalid cursor');
  }
  const length = order.column ? 2 : 1;
  // The sort value of the last row may be null (a column that holds nulls); the id never is.
  const valid =
    Array.isArray(values) &&
    values.length === length &&
    values.every((v, i) => typeof v === 'string' || typeof v === 'number' || (v === null && i === 0 && order.column !== null));
  if (!valid) throw new InvalidQueryError('invalid cursor');
  return values as Scalar[];
}
