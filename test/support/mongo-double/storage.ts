/**
 * The double's data: databases of collections of BSON documents with their indexes, and
 * MongoDB's semantics for matching, sorting, projecting and updating them (matching and
 * update operators from `mingo`, the rest here). Documents are never changed in place (an
 * update writes a changed copy), so a collection's snapshot is a shallow copy of its maps.
 */
import { deserialize, Document, EJSON, ObjectId, serialize } from 'bson';
import { Aggregator, Query, update as applyModifier } from 'mingo';
import { badValue, CommandError, notImplemented } from './errors';

export interface IndexSpec {
  name: string;
  key: Document;
  unique?: boolean;
}

export class CollectionData {
  constructor(
    /** By the canonical form of `_id`, in insertion order (MongoDB's natural order here). */
    readonly docs = new Map<string, Document>(),
    readonly indexes: IndexSpec[] = [{ name: '_id_', key: { _id: 1 } }],
  ) {}

  copy(): CollectionData {
    return new CollectionData(new Map(this.docs), this.indexes.map((index) => ({ ...index })));
  }
}

export type Databases = Map<string, Map<string, CollectionData>>;


export const clone = (doc: Document): Document => deserialize(serialize(doc));
const canonical = (value: unknown): string => EJSON.stringify({ v: value ?? null }, { relaxed: true });
export const idKey = (id: unknown): string => canonical(id);

export function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Document)[part];
  }
  return value;
}

function setAt(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1]] = value;
}

// ---- matching -------------------------------------------------------------------------

const QUERY_OPERATORS = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$and', '$or', '$nor', '$not', '$type', '$size', '$all', '$elemMatch', '$mod', '$regex', '$options',
]);

/**
 * A filter checked against the operators the double stands behind, with MongoDB's `null`
 * bounds (`$lte: null` / `$gte: null` match null and missing, as `$eq: null`; mingo matches
 * only an explicit null there).
 */
function normalizeFilter(filter: unknown): unknown {
  if (Array.isArray(filter)) return filter.map(normalizeFilter);
  if (filter === null || typeof filter !== 'object' || filter.constructor !== Object) return filter;
  const out: Document = {};
  for (const [key, value] of Object.entries(filter as Document)) {
    if (key.startsWith('$')) {
      if (!QUERY_OPERATORS.has(key)) throw notImplemented(`query operator ${key}`);
      if ((key === '$lte' || key === '$gte') && value === null) {
        out.$eq = null;
        continue;
      }
    }
    out[key] = normalizeFilter(value);
  }
  return out;
}

export class Matcher {
  private readonly query: Query;
  constructor(filter: Document) {
    try {
      this.query = new Query(normalizeFilter(filter) as Document, {});
    } catch (error) {
      throw asCommandError(error);
    }
  }
  test(doc: Document): boolean {
    return this.query.test(doc);
  }
}

export function asCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return /unknown|unregistered|not supported|invalid operator/i.test(message) ? notImplemented(message) : badValue(message);
}

// ---- ordering (BSON comparison order) ---------------------------------------------------

function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  if (typeof value === 'number' || typeof value === 'bigint') return 3;
  if (typeof value === 'string') return 4;
  if (Array.isArray(value)) return 6;
  if (value instanceof ObjectId) return 8;
  if (typeof value === 'boolean') return 9;
  if (value instanceof Date) return 10;
  const bsontype = (value as { _bsontype?: string })._bsontype;
  if (bsontype === 'Binary') return 7;
  if (bsontype === 'Long' || bsontype === 'Double' || bsontype === 'Int32' || bsontype === 'Decimal128') return 3;
  if (bsontype !== undefined) throw notImplemented(`ordering of BSON ${bsontype} values`);
  return 5;
}

export function compareValues(a: unknown, b: unknown): number {
  const [ra, rb] = [typeRank(a), typeRank(b)];
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2:
      return 0;
    case 3: {
      const [x, y] = [Number(a), Number(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 4:
      return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string));
    case 8:
      return Buffer.compare(Buffer.from((a as ObjectId).id), Buffer.from((b as ObjectId).id));
    case 9:
      return Number(a) - Number(b);
    case 10:
      return (a as Date).getTime() - (b as Date).getTime();
    case 6:
      throw notImplemented('ordering on array values');
    default: {
      const [ea, eb] = [Object.entries(a as Document), Object.entries(b as Document)];
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const byType = compareValues(ea[i][1], eb[i][1]);
        if (typeRank(ea[i][1]) !== typeRank(eb[i][1])) return byType;
        const byName = Buffer.compare(Buffer.from(ea[i][0]), Buffer.from(eb[i][0]));
        if (byName !== 0) return byName;
        if (byType !== 0) return byType;
      }
      return ea.length - eb.length;
    }
  }
}

export function sortDocuments(docs: Document[], sort: Document | undefined): Document[] {
  if (!sort || Object.keys(sort).length === 0) return docs;
  const keys = Object.entries(sort).map(([field, direction]) => {
    if (direction !== 1 && direction !== -1) throw notImplemented(`sort direction ${JSON.stringify(direction)} on ${field}`);
    return [field, direction] as const;
  });
  return [...docs].sort((x, y) => {
    for (const [field, direction] of keys) {
      const order = compareValues(valueAt(x, field), valueAt(y, field));
      if (order !== 0) return order * direction;
    }
    return 0;
  });
}

export function project(docs: Document[], projection: Document | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  try {
    return new Query({}, {}).find<Document>(docs, projection).all();
  } catch (error) {
    throw asCommandError(error);
  }
}

export function aggregate(docs: Document[], pipeline: Document[]): Document[] {
  const stages = new Set(['$match', '$group', '$sort', '$skip', '$limit', '$project', '$count']);
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (!stages.has(name)) throw notImplemented(`aggregation stage ${name}`);
  }
  const matched = pipeline.map((stage) => ('$match' in stage ? { $match: normalizeFilter(stage.$match) as Document } : stage));
  try {
    return new Aggregator(matched, {}).run(docs.map(clone)) as Document[];
  } catch (error) {
    throw asCommandError(error);
  }
}

// ---- writes -----------------------------------------------------------------------------

const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$max', '$min', '$mul', '$rename', '$setOnInsert', '$push', '$pull', '$addToSet', '$pop', '$pullAll', '$currentDate']);

export const isOperatorUpdate = (update: Document): boolean => Object.keys(update).some((key) => key.startsWith('$'));

/** `doc` (a copy) changed by the update operators; `$setOnInsert` only when it is inserted. */
export function applyOperators(doc: Document, update: Document, inserting: boolean): Document {
  const modifier: Document = {};
  for (const [operator, fields] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(operator)) throw notImplemented(`update operator ${operator}`);
    if (operator === '$setOnInsert') {
      if (inserting) modifier.$set = { ...(modifier.$set as Document | undefined), ...(fields as Document) };
      continue;
    }
    modifier[operator] = operator === '$set' ? { ...(modifier.$set as Document | undefined), ...(fields as Document) } : fields;
  }
  if (Object.keys(modifier).length === 0) return doc;
  try {
    applyModifier(doc, modifier, [], undefined, { cloneMode: 'deep' });
  } catch (error) {
    throw asCommandError(error);
  }
  return doc;
}

/** The fields an upsert's new document starts from: the filter's equalities (also inside `$and`). */
export function equalityFields(filter: Document, into: Document = {}): Document {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value as Document[]) equalityFields(part, into);
    } else if (!key.startsWith('$')) {
      const plain = value === null || typeof value !== 'object' || value.constructor !== Object || !Object.keys(value as Document).some((k) => k.startsWith('$'));
      if (plain) setAt(into, key, value);
      else if ('$eq' in (value as Document)) setAt(into, key, (value as Document).$eq);
    }
  }
  return into;
}

/** `_id` first, as MongoDB stores it; one is generated when the document has none. */
export function withId(doc: Document): Document {
  const { _id, ...rest } = doc;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

export function sameDocument(a: Document, b: Document): boolean {
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}

export class DuplicateKey extends CommandError {
  constructor(namespace: string, index: IndexSpec, readonly keyValue: Document) {
    super(11000, 'DuplicateKey', `E11000 duplicate key error collection: ${namespace} index: ${index.name} dup key: ${EJSON.stringify(keyValue, { relaxed: true })}`);
    this.keyPattern = index.key;
  }
  readonly keyPattern: Document;
}

/** Refuses a document that would break a unique index (`_id` always); `replacing` is its own old key. */
export function checkUnique(namespace: string, data: CollectionData, doc: Document, replacing: string | null): void {
  const key = idKey(doc._id);
  if (key !== replacing && data.docs.has(key)) throw new DuplicateKey(namespace, data.indexes[0], { _id: doc._id });
  for (const index of data.indexes) {
    if (!index.unique || index.name === '_id_') continue;
    const fields = Object.keys(index.key);
    const value = canonical(fields.map((field) => valueAt(doc, field) ?? null));
    for (const [otherKey, other] of data.docs) {
      if (otherKey === replacing) continue;
      if (canonical(fields.map((field) => valueAt(other, field) ?? null)) === value) {
        throw new DuplicateKey(namespace, index, Object.fromEntries(fields.map((field) => [field, valueAt(doc, field) ?? null])));
      }
    }
  }
}

export function checkStorable(doc: Document): void {
  if (Array.isArray(doc._id)) throw new CommandError(2, 'BadValue', "can't use an array for _id");
  for (const key of Object.keys(doc)) {
    if (key.startsWith('$')) throw new CommandError(52, 'DollarPrefixedFieldName', `The dollar ($) prefixed field '${key}' is not allowed in the context of an update's replacement document`);
  }
}

export { EJSON };
export const sortKey = (key: Document): string => Object.entries(key).map(([field, direction]) => `${field}_${String(direction)}`).join('_');
