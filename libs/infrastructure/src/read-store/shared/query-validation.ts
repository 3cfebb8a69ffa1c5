import { FieldCondition, Filter, InvalidQueryError, Scalar, SortKey } from '@ledger/application';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const COLLECTION = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** Names reach SQL or Mongo only after this check; values are always bound, never spliced. */
export function checkCollection(name: string): string {
  if (!COLLECTION.test(name)) throw new InvalidQueryError(`invalid collection name: ${JSON.stringify(name)}`);
  return name;
}

export function checkField(name: string): string {
  if (!FIELD.test(name)) throw new InvalidQueryError(`invalid field name: ${JSON.stringify(name)}`);
  return name;
}

export function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export type Condition =
  | { op: 'eq'; value: Scalar }
  | { op: 'in'; values: Scalar[] }
  | { op: 'ne'; value: Scalar }
  | { op: '$gt' | '$gte' | '$lt' | '$lte'; value: string | number };

/** A filter taken apart into checked (field, condition) pairs. */
export function parseFilter(filter: Filter): Array<{ field: string; conditions: Condition[] }> {
  return Object.entries(filter).map(([field, condition]) => ({ field: checkField(field), conditions: parseCondition(field, condition) }));
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

/** Sort keys, always ending with `id` so that every order is total (keyset cursors need it). */
export function normaliseSort(sort: SortKey[] | undefined): SortKey[] {
  const keys = (sort ?? []).map((key) => {
    checkField(key.field);
    if (key.direction !== 'asc' && key.direction !== 'desc') throw new InvalidQueryError(`invalid sort direction on ${key.field}`);
    return key;
  });
  const last = keys.at(-1)?.direction ?? 'asc';
  return keys.some((k) => k.field === 'id') ? keys : [...keys, { field: 'id', direction: last }];
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): Scalar[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidQueryError('invalid cursor');
  }
  if (!Array.isArray(values) || values.length !== length || !values.every(isScalar)) throw new InvalidQueryError('invalid cursor');
  return values;
}

export function readPath(doc: Record<string, unknown>, field: string): unknown {
  return field.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), doc);
}
