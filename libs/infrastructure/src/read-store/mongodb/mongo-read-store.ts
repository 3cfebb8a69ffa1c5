import { AnyBulkWriteOperation, Collection, Db, Document, MongoBulkWriteError, MongoClient, Sort } from 'mongodb';
import {
  CommitBatch,
  Filter,
  FindOptions,
  IndexSpec,
  Page,
  Position,
  ReadDocument,
  ReadStore,
} from '@ledger/application';
import { checkCollection, checkField, decodeCursor, encodeCursor, normaliseSort, readPath } from '../shared/query-validation';
import { keysetFilter, mongoFilter } from './mongo-filter';

const DUPLICATE_KEY = 11000;
const DEFAULT_LIMIT = 50;
const CHECKPOINTS = '_checkpoints';
const LEASES = '_leases';

type StoredDocument = Document & { _id: string; _position: Position };

/**
 * Read models in MongoDB. Documents are keyed by id (`_id`) and replaced only when the
 * incoming `_position` is newer: the guard sits in the upsert filter, so a stale write
 * misses the filter, tries to insert, and hits the duplicate key (11000) — which means
 * "already applied", not an error. The checkpoint is written after the documents.
 */
export class MongoReadStore implements ReadStore {
  readonly kind = 'mongodb';

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  static async connect(url: string, dbName?: string): Promise<MongoReadStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    return new MongoReadStore(client, client.db(dbName));
  }

  private collection(name: string): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(checkCollection(name));
  }

  async get<T extends ReadDocument>(collection: string, id: string): Promise<T | null> {
    const doc = await this.collection(collection).findOne({ _id: String(id) });
    return doc ? fromStored<T>(doc) : null;
  }

  async getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const docs = await this.collection(collection).find({ _id: { $in: ids.map(String) } }).toArray();
    return docs.map((doc) => fromStored<T>(doc));
  }

  async find<T extends ReadDocument>(collection: string, filter: Filter, options: FindOptions = {}): Promise<Page<T>> {
    const sort = normaliseSort(options.sort);
    const limit = options.limit ?? DEFAULT_LIMIT;
    const query = mongoFilter(filter);
    if (options.cursor) query.$and = [...((query.$and as Document[]) ?? []), keysetFilter(sort, decodeCursor(options.cursor, sort.length))];
    const mongoSort: Sort = Object.fromEntries(sort.map((key) => [key.field === 'id' ? '_id' : key.field, key.direction === 'asc' ? 1 : -1]));
    const docs = await this.collection(collection).find(query).sort(mongoSort).limit(limit + 1).toArray();
    const items = docs.slice(0, limit).map((doc) => fromStored<T>(doc));
    const last = items.at(-1);
    const nextCursor = docs.length > limit && last ? encodeCursor(sort.map((key) => readPath(last, key.field) ?? null)) : null;
    return { items, nextCursor };
  }

  count(collection: string, filter: Filter): Promise<number> {
    return this.collection(collection).countDocuments(mongoFilter(filter));
  }

  async commit(batch: CommitBatch): Promise<{ applied: number }> {
    let applied = 0;
    const byCollection = new Map<string, AnyBulkWriteOperation<StoredDocument>[]>();
    for (const { collection, doc } of batch.writes) {
      const { id, ...fields } = doc;
      const operations = byCollection.get(collection) ?? [];
      operations.push({
        replaceOne: {
          filter: { _id: id, _position: { $lt: doc._position } },
          replacement: { ...fields, _id: id, _position: doc._position } as StoredDocument,
          upsert: true,
        },
      });
      byCollection.set(collection, operations);
    }
    for (const [collection, operations] of byCollection) {
      try {
        const result = await this.collection(collection).bulkWrite(operations, { ordered: false });
        applied += result.modifiedCount + result.upsertedCount;
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError)) throw error;
        const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        if (errors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
        applied += error.result.modifiedCount + error.result.upsertedCount;
      }
    }
    if (batch.checkpoint) {
      // Never backwards: a stale runner finishing late misses the guard (duplicate key on upsert).
      await this.db
        .collection<{ _id: string; position: Position }>(CHECKPOINTS)
        .updateOne({ _id: batch.checkpoint.name, position: { $lt: batch.checkpoint.position } }, { $set: { position: batch.checkpoint.position } }, { upsert: true })
        .catch((error: { code?: number }) => {
          if (error.code !== DUPLICATE_KEY) throw error;
        });
    }
    return { applied };
  }

  async getCheckpoint(name: string): Promise<Position | null> {
    const doc = await this.db.collection<{ _id: string; position: Position }>(CHECKPOINTS).findOne({ _id: name });
    return doc?.position ?? null;
  }

  async ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    if (indexes.length === 0) return;
    await this.collection(collection).createIndexes(
      indexes.map((index) => ({
        key: Object.fromEntries(index.fields.map((key) => [checkField(key.field) === 'id' ? '_id' : key.field, key.direction === 'asc' ? 1 : -1])),
        unique: index.unique ?? false,
      })),
    );
  }

  async drop(collections: string[], checkpoints: string[]): Promise<void> {
    for (const name of collections) await this.collection(name).drop().catch(ignoreNamespaceNotFound);
    if (checkpoints.length) await this.db.collection<{ _id: string }>(CHECKPOINTS).deleteMany({ _id: { $in: checkpoints } });
  }

  async renameCollection(source: string, target: string): Promise<void> {
    await this.collection(source).rename(checkCollection(target), { dropTarget: true });
  }

  async tryAcquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    try {
      // Held by another owner and not expired: the filter misses, the upsert hits the duplicate key.
      await this.db
        .collection<{ _id: string; owner: string; expiresAt: number }>(LEASES)
        .updateOne({ _id: name, $or: [{ owner }, { expiresAt: { $lte: now } }] }, { $set: { owner, expiresAt: now + ttlMs } }, { upsert: true });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.db.collection<{ _id: string; owner: string }>(LEASES).deleteOne({ _id: name, owner });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function fromStored<T extends ReadDocument>({ _id, ...fields }: StoredDocument): T {
  return { id: _id, ...fields } as unknown as T;
}

function ignoreNamespaceNotFound(error: { code?: number }): void {
  if (error.code !== 26) throw error;
}
