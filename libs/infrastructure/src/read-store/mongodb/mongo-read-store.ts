import { AnyBulkWriteOperation, ClientSession, Collection, Db, Document, MongoBulkWriteError, MongoClient } from 'mongodb';
import {
  CollectionSchema,
  CommitBatch,
  Counters,
  DocumentWrite,
  Filter,
  FindOptions,
  InvalidQueryError,
  LeaseGrant,
  LeaseHolder,
  Page,
  Position,
  ReadDocument,
  ReadStore,
  Scalar,
} from '@ledger/application';
import { checkCollection, checkSchema, decodeCursor, encodeCursor, pageOrder } from '../shared/query-validation';
import { cursorFilter, indexKey, mongoFilter, sortSpec, withCondition } from './mongo-filter';
import { checkpointUpdates, CounterDocument, counterId, CounterIncrements, newerWrites, StoredDocument, storedReplacement } from './mongo-writes';

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;
const NAMESPACE_EXISTS = 48;
const DEFAULT_LIMIT = 50;
const CHECKPOINTS = '_checkpoints';
const LEASES = '_leases';
const COLLECTIONS = '_collections';
const COUNTERS = '_counters';
const META = '_meta';
/** The store's own collections: never a read model's name. */
const RESERVED = new Set([CHECKPOINTS, LEASES, COLLECTIONS, COUNTERS, META]);
/** Another instance may (re)define a collection: a cached schema is re-read after this long. */
const SCHEMA_TTL_MS = 10_000;

interface SchemaEntry {
  _id: string;
  schema: CollectionSchema;
}

interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: number;
}

interface CheckpointEntry {
  _id: string;
  position: Position;
}

/**
 * Read models in MongoDB. Each document is stored as `{ _id, _position, doc, ...columns }`:
 * the document as given in `doc`, the schema's columns at the top level, covered by one
 * compound index per access path that ends in `_id` (so a sorted page is an index range
 * and a cursor a bound on it). Schemas live in `_collections` (they survive restarts and
 * renames), per-key counters in `_counters`.
 *
 * Writes are guarded on `_position`. Without counters, the guard sits in the upsert
 * filter: a stale write misses it, tries to insert, and hits the duplicate key (11000),
 * which means "already applied". A commit whose writes carry counters runs in one
 * transaction (replica set required) so documents, counters and checkpoints commit
 * together and a replay never counts twice; there the stored positions are read first
 * and only newer documents are written, since a duplicate key would abort the transaction.
 */
export class MongoReadStore implements ReadStore {
  readonly kind = 'mongodb';
  private readonly schemas = new Map<string, { schema: CollectionSchema; loadedAt: number }>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Replica set or mongos: multi-document transactions are available. */
    private readonly transactions: boolean,
  ) {}

  static async connect(url: string, dbName?: string): Promise<MongoReadStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    try {
      // `hello` from MongoDB 4.4.2 on; `isMaster` answers the same question before that.
      const admin = client.db('admin');
      const hello = await admin.command({ hello: 1 }).catch(() => admin.command({ isMaster: 1 }));
      const store = new MongoReadStore(client, client.db(dbName), typeof hello.setName === 'string' || hello.msg === 'isdbgrid');
      await store.prepare();
      return store;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** The store's own collections exist before any transaction writes to them. */
  private async prepare(): Promise<void> {
    for (const name of RESERVED) await this.createCollection(name);
    await this.db.collection<CounterDocument>(COUNTERS).createIndex({ collection: 1 });
  }

  private async createCollection(name: string): Promise<void> {
    await this.db.createCollection(name).catch((error: { code?: number }) => {
      if (error.code !== NAMESPACE_EXISTS) throw error;
    });
  }

  private collection(name: string): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(checkName(name));
  }

  private get schemaEntries(): Collection<SchemaEntry> {
    return this.db.collection<SchemaEntry>(COLLECTIONS);
  }

  private get counterDocuments(): Collection<CounterDocument> {
    return this.db.collection<CounterDocument>(COUNTERS);
  }

  private get checkpoints(): Collection<CheckpointEntry> {
    return this.db.collection<CheckpointEntry>(CHECKPOINTS);
  }

  async defineCollection(collection: string, schema: CollectionSchema, options: { deferIndexes?: boolean } = {}): Promise<void> {
    checkName(collection);
    checkSchema(schema);
    const stored: CollectionSchema = { columns: { ...schema.columns }, indexes: schema.indexes.map((index) => [...index]) };
    // Created explicitly, so that no transaction ever has to create it.
    await this.createCollection(collection);
    await this.schemaEntries.replaceOne({ _id: collection }, { schema: stored }, { upsert: true });
    this.schemas.set(collection, { schema: stored, loadedAt: Date.now() });
    if (!options.deferIndexes) await this.buildIndexes(collection);
  }

  /** Nothing to relax: writes keep their usual write concern (a rebuild goes aside anyway). */
  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async buildIndexes(collection: string): Promise<void> {
    const schema = await this.definedSchema(collection);
    if (schema.indexes.length === 0) return;
    // Idempotent: an index with the same key (and so the same default name) is left as it is.
    await this.collection(collection).createIndexes(schema.indexes.map((columns) => ({ key: indexKey(columns) })));
  }

  /** The collection's schema, or null when it is not defined. */
  private async schema(collection: string): Promise<CollectionSchema | null> {
    checkName(collection);
    const cached = this.schemas.get(collection);
    if (cached && Date.now() - cached.loadedAt < SCHEMA_TTL_MS) return cached.schema;
    const entry = await this.schemaEntries.findOne({ _id: collection });
    if (!entry) {
      this.schemas.delete(collection);
      return null;
    }
    const schema = checkSchema(entry.schema);
    this.schemas.set(collection, { schema, loadedAt: Date.now() });
    return schema;
  }

  private async definedSchema(collection: string): Promise<CollectionSchema> {
    const schema = await this.schema(collection);
    if (!schema) throw new InvalidQueryError(`collection ${collection} is not defined`);
    return schema;
  }

  async get<T extends ReadDocument>(collection: string, id: string): Promise<T | null> {
    const stored = await this.collection(collection).findOne({ _id: String(id) }, { projection: { doc: 1 } });
    return (stored?.doc as T | undefined) ?? null;
  }

  async getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const stored = await this.collection(collection)
      .find({ _id: { $in: ids.map(String) } }, { projection: { doc: 1 } })
      .toArray();
    return stored.flatMap((s) => (s.doc ? [s.doc as T] : []));
  }

  async find<T extends ReadDocument>(collection: string, filter: Filter, options: FindOptions = {}): Promise<Page<T>> {
    const schema = await this.schema(collection);
    if (!schema) return { items: [], nextCursor: null };
    const order = pageOrder(schema, options.sort);
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 0) throw new InvalidQueryError(`invalid limit: ${String(limit)}`);
    let query = mongoFilter(schema, filter);
    if (options.cursor) query = withCondition(query, cursorFilter(order, decodeCursor(options.cursor, order)));
    const projection: Document = order.column ? { doc: 1, [order.column]: 1 } : { doc: 1 };
    const rows = await this.collection(collection)
      .find(query, { projection })
      .sort(sortSpec(order))
      .limit(limit + 1)
      .toArray();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor(order.column ? [(last[order.column] as Scalar | undefined) ?? null, last._id] : [last._id]) : null;
    // A row without `doc` predates this layout (a rebuild rewrites it): nothing to show.
    return { items: page.flatMap((row) => (row.doc ? [row.doc as T] : [])), nextCursor };
  }

  async count(collection: string, filter: Filter): Promise<number> {
    const schema = await this.schema(collection);
    if (!schema) return 0;
    return this.collection(collection).countDocuments(mongoFilter(schema, filter));
  }

  async counters(collection: string, key: string): Promise<Counters> {
    const entry = await this.counterDocuments.findOne({ _id: counterId(checkName(collection), key) });
    return { ...(entry?.values ?? {}) };
  }

  async commit(batch: CommitBatch): Promise<{ applied: number }> {
    // Every written collection must be defined (its columns are stored beside the documents).
    const schemas = new Map<string, CollectionSchema>();
    const byCollection = new Map<string, DocumentWrite[]>();
    for (const write of batch.writes) {
      if (!schemas.has(write.collection)) schemas.set(write.collection, await this.definedSchema(write.collection));
      const writes = byCollection.get(write.collection) ?? [];
      writes.push(write);
      byCollection.set(write.collection, writes);
    }
    const checkpoints = checkpointUpdates(batch.checkpoints ?? []);
    const withCounters = batch.writes.some((write) => (write.counters?.length ?? 0) > 0);
    if (!withCounters) {
      const applied = await this.writeGuarded(byCollection, schemas);
      // After the documents: a checkpoint never runs ahead of what it stands for.
      if (checkpoints.length) await this.checkpoints.bulkWrite(checkpoints, { ordered: true });
      return { applied };
    }
    if (!this.transactions) {
      throw new Error('MongoDB read store: counters need transactions, so a replica set (for example mongodb://host:27017/?replicaSet=rs0)');
    }
    const session = this.client.startSession();
    try {
      const applied = await session.withTransaction((s) => this.writeInTransaction(s, byCollection, schemas, checkpoints), {
        readConcern: { level: 'snapshot' },
        writeConcern: { w: 'majority' },
      });
      return { applied };
    } finally {
      await session.endSession();
    }
  }

  /** Outside a transaction: guarded upserts, a stale write's duplicate key meaning "already applied". */
  private async writeGuarded(byCollection: Map<string, DocumentWrite[]>, schemas: Map<string, CollectionSchema>): Promise<number> {
    let applied = 0;
    for (const [collection, writes] of byCollection) {
      const schema = schemas.get(collection)!;
      const operations: AnyBulkWriteOperation<StoredDocument>[] = writes.map((write) => ({
        replaceOne: {
          filter: { _id: write.doc.id, _position: { $lt: write.doc._position } },
          replacement: storedReplacement(schema, write),
          upsert: true,
        },
      }));
      try {
        const result = await this.collection(collection).bulkWrite(operations, { ordered: false });
        applied += result.matchedCount + result.upsertedCount;
      } catch (error) {
        // Only stale writes (duplicate keys) are "already applied"; a wrapped command or network
        // error (no write errors) or a write concern error is an error.
        if (!(error instanceof MongoBulkWriteError) || error.err || error.result.getWriteConcernError()) throw error;
        const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        if (errors.length === 0 || errors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
        applied += error.result.matchedCount + error.result.upsertedCount;
      }
    }
    return applied;
  }

  /**
   * Inside the transaction (run again from the start if the driver retries it): read the
   * stored positions of the batch's ids, write only the newer documents (upsert on `_id`,
   * which cannot hit a duplicate key), the counters of exactly those, then the checkpoints.
   */
  private async writeInTransaction(
    session: ClientSession,
    byCollection: Map<string, DocumentWrite[]>,
    schemas: Map<string, CollectionSchema>,
    checkpoints: ReturnType<typeof checkpointUpdates>,
  ): Promise<number> {
    let applied = 0;
    const increments = new CounterIncrements();
    for (const [collection, writes] of byCollection) {
      const schema = schemas.get(collection)!;
      const target = this.collection(collection);
      const ids = [...new Set(writes.map((write) => write.doc.id))];
      const stored = await target.find({ _id: { $in: ids } }, { projection: { _position: 1 }, session }).toArray();
      const newer = newerWrites(writes, new Map(stored.map((s) => [s._id, s._position])));
      if (newer.length === 0) continue;
      await target.bulkWrite(
        newer.map((write) => ({ replaceOne: { filter: { _id: write.doc.id }, replacement: storedReplacement(schema, write), upsert: true } })),
        { ordered: true, session },
      );
      applied += newer.length;
      for (const write of newer) increments.add(collection, write.counters);
    }
    const counterUpdates = increments.updates();
    if (counterUpdates.length) await this.counterDocuments.bulkWrite(counterUpdates, { ordered: true, session });
    if (checkpoints.length) await this.checkpoints.bulkWrite(checkpoints, { ordered: true, session });
    return applied;
  }

  async getCheckpoint(name: string): Promise<Position | null> {
    const doc = await this.checkpoints.findOne({ _id: name });
    return doc?.position ?? null;
  }

  async logIdentity(): Promise<string | null> {
    const doc = await this.db.collection<{ _id: string; value: string }>(META).findOne({ _id: 'log-identity' });
    return doc?.value ?? null;
  }

  async recordLogIdentity(identity: string): Promise<void> {
    await this.db.collection<{ _id: string; value: string }>(META).updateOne({ _id: 'log-identity' }, { $set: { value: identity } }, { upsert: true });
  }

  async drop(collections: string[], checkpoints: string[]): Promise<void> {
    for (const name of collections) {
      await this.collection(name).drop().catch(ignoreNamespaceNotFound);
      await this.schemaEntries.deleteOne({ _id: name });
      await this.counterDocuments.deleteMany({ collection: name });
      this.schemas.delete(name);
    }
    if (checkpoints.length) await this.checkpoints.deleteMany({ _id: { $in: checkpoints } });
  }

  /**
   * MongoDB's rename (dropping the target) cannot join a transaction; the schema entry and
   * the counters follow it, together in one transaction where the deployment has them.
   */
  async renameCollection(source: string, target: string): Promise<void> {
    checkName(source);
    checkName(target);
    if (source === target) throw new InvalidQueryError(`cannot rename ${source} onto itself`);
    this.schemas.delete(source);
    this.schemas.delete(target);
    await this.collection(source).rename(target, { dropTarget: true });
    const move = async (session?: ClientSession): Promise<void> => {
      const entry = await this.schemaEntries.findOne({ _id: source }, { session });
      await this.schemaEntries.deleteOne({ _id: target }, { session });
      if (entry) {
        await this.schemaEntries.insertOne({ _id: target, schema: entry.schema }, { session });
        await this.schemaEntries.deleteOne({ _id: source }, { session });
      }
      await this.counterDocuments.deleteMany({ collection: target }, { session });
      const counters = await this.counterDocuments.find({ collection: source }, { session }).toArray();
      if (counters.length) {
        await this.counterDocuments.insertMany(
          counters.map(({ key, values }) => ({ _id: counterId(target, key), collection: target, key, values })),
          { session },
        );
        await this.counterDocuments.deleteMany({ collection: source }, { session });
      }
    };
    if (!this.transactions) await move();
    else {
      const session = this.client.startSession();
      try {
        await session.withTransaction((s) => move(s), { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } });
      } finally {
        await session.endSession();
      }
    }
    this.schemas.delete(source);
    this.schemas.delete(target);
  }

  /**
   * An expiring lease: the instances' clocks must agree to well within the ttl (NTP), since
   * `now` is each caller's wall clock.
   */
  async tryAcquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<LeaseGrant | null> {
    const expiresAt = now + ttlMs;
    try {
      // Held by another owner and not expired: the filter misses, the upsert hits the duplicate key.
      await this.leases().updateOne({ _id: name, $or: [{ owner }, { expiresAt: { $lte: now } }] }, { $set: { owner, expiresAt } }, { upsert: true });
      return { expiresAt };
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return null;
      throw error;
    }
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.leases().deleteOne({ _id: name, owner });
  }

  async leaseHolder(name: string, now: number): Promise<LeaseHolder | null> {
    const lease = await this.leases().findOne({ _id: name, expiresAt: { $gt: now } });
    return lease ? { owner: lease.owner, expiresAt: lease.expiresAt } : null;
  }

  private leases(): Collection<LeaseDocument> {
    return this.db.collection<LeaseDocument>(LEASES);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** A read model's collection name: a checked identifier, and not one of the store's own. */
function checkName(name: string): string {
  if (RESERVED.has(checkCollection(name))) throw new InvalidQueryError(`${name} is reserved by the read store`);
  return name;
}

function ignoreNamespaceNotFound(error: { code?: number }): void {
  if (error.code !== NAMESPACE_NOT_FOUND) throw error;
}
