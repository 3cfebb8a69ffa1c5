import Database from 'better-sqlite3';
import { setImmediate } from 'node:timers/promises';
import { dirname } from 'node:path';
import {
  CollectionSchema,
  CommitBatch,
  Counters,
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
import { afterCursor, bindable, columnSql, orderBy, whereClause } from './sql-filter';
import { ProcessLeases } from './process-leases';
import { checkStoreFile, readModelFile, storeFileFault } from '../../storage/store-file-faults';

const DEFAULT_LIMIT = 50;

interface Collection {
  table: string;
  schema: CollectionSchema;
  columnNames: string[];
  upsert: Database.Statement;
  /**
   * The document and position alone, when every column keeps its value: an upsert sets the
   * columns too, and SQLite rewrites each index on a column it sets, changed or not (each a
   * page written to the WAL at commit, the read store's main cost on the worker).
   */
  updateDocument: Database.Statement | null;
}

/**
 * The default read store: a SQLite file next to the event log. Each collection is a
 * table whose queried fields are real columns with their own indexes (each ending in
 * `id`); documents, counters and checkpoints of a batch commit in one transaction, so a
 * crash never leaves a checkpoint ahead of its documents, nor a counter counted twice.
 * Durable: a restart opens the file and carries on.
 */
export class EmbeddedReadStore implements ReadStore {
  readonly kind = 'embedded';
  private readonly collections = new Map<string, Collection>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly leases: ProcessLeases;

  private constructor(
    private readonly db: Database.Database,
    directory: string,
  ) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536');
    // ANALYZE samples each index instead of reading it whole (a rebuild's index build stays fast).
    db.pragma('analysis_limit = 1000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS _checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
      DROP TABLE IF EXISTS _leases;
      CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, schema TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS _counters (collection TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL,
        PRIMARY KEY (collection, key, name)) WITHOUT ROWID;`);
    this.leases = new ProcessLeases(directory, db);
  }

  /**
   * Refuses (StoreIntegrityError, one line naming the file, the fault and what to do) a file
   * that cannot serve: a directory, unreadable, read-only, empty or not a database (see
   * storage/store-file-faults.ts; damaged pages: storage/damaged-pages.ts, at service start).
   */
  static open(file: string): EmbeddedReadStore {
    const store = readModelFile(file);
    checkStoreFile(store);
    let db: Database.Database | undefined;
    try {
      db = new Database(file);
      db.pragma('schema_version'); // a garbled header: SQLITE_NOTADB here
      return new EmbeddedReadStore(db, dirname(file));
    } catch (error) {
      db?.close();
      throw storeFileFault(store, error);
    }
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async defineCollection(collection: string, schema: CollectionSchema, options: { deferIndexes?: boolean } = {}): Promise<void> {
    const table = `c_${checkCollection(collection)}`;
    checkSchema(schema);
    const columns = Object.entries(schema.columns).map(([name, type]) => `${columnSql(name)} ${type === 'integer' ? 'INTEGER' : 'TEXT'}`);
    this.db.transaction(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY, position TEXT NOT NULL, doc TEXT NOT NULL${columns.map((c) => `, ${c}`).join('')})`);
      const existing = new Set((this.db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name));
      // A column added to the schema later: add it (documents are re-projected by a rebuild).
      for (const [name, type] of Object.entries(schema.columns)) {
        if (!existing.has(`f_${name}`)) this.db.exec(`ALTER TABLE "${table}" ADD COLUMN ${columnSql(name)} ${type === 'integer' ? 'INTEGER' : 'TEXT'}`);
      }
      this.db.prepare('INSERT INTO _collections (name, schema) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET schema = excluded.schema').run(collection, JSON.stringify(schema));
    })();
    this.collections.delete(collection);
    if (!options.deferIndexes) await this.buildIndexes(collection);
  }

  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    // No fsync meanwhile: a process crash loses nothing committed; only an OS crash could,
    // and the aside tables are rebuilt from the log anyway. WAL checkpoints stay small and
    // frequent (one big one at the end would stall a serving process for seconds).
    const synchronous = this.db.pragma('synchronous', { simple: true });
    this.db.pragma('synchronous = OFF');
    try {
      return await work();
    } finally {
      this.db.pragma(`synchronous = ${Number(synchronous)}`);
      // One synced checkpoint: what the load wrote is on disk before anything is swapped in.
      this.db.pragma('wal_checkpoint(PASSIVE)');
    }
  }

  async buildIndexes(collection: string): Promise<void> {
    const { table, schema } = this.collection(collection);
    const present = this.indexedColumnLists(table);
    let created = 0;
    for (const index of schema.indexes) {
      const columns = [...index.map((c) => `f_${c}`), 'id'];
      if (present.has(columns.join(','))) continue;
      const name = this.freeIndexName(`ix_${table}__${index.join('_')}`);
      this.db.exec(`CREATE INDEX "${name}" ON "${table}" (${columns.map((c) => `"${c}"`).join(', ')})`);
      created++;
      // Each index is one synchronous statement: let a serving process answer between them.
      await setImmediate();
    }
    // Statistics for the planner to choose between a list's access paths (only when they changed).
    if (created > 0) this.db.exec(`ANALYZE "${table}"`);
  }

  /** Index names stay with a table through a rename, so look indexes up by their columns. */
  private indexedColumnLists(table: string): Set<string> {
    const indexes = this.db.prepare(`PRAGMA index_list("${table}")`).all() as Array<{ name: string }>;
    return new Set(indexes.map(({ name }) => (this.db.prepare(`PRAGMA index_info("${name}")`).all() as Array<{ name: string }>).map((c) => c.name).join(',')));
  }

  private freeIndexName(base: string): string {
    const taken = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}_${n}`;
      if (!taken.get(name)) return name;
    }
  }

  private collection(collection: string): Collection {
    const known = this.collections.get(collection);
    if (known) return known;
    checkCollection(collection);
    const row = this.db.prepare('SELECT schema FROM _collections WHERE name = ?').get(collection) as { schema: string } | undefined;
    if (!row) throw new InvalidQueryError(`collection ${collection} is not defined`);
    const schema = JSON.parse(row.schema) as CollectionSchema;
    const table = `c_${collection}`;
    const names = Object.keys(schema.columns);
    const upsert = this.db.prepare(
      `INSERT INTO "${table}" (id, position, doc${names.map((n) => `, ${columnSql(n)}`).join('')})
       VALUES (?, ?, ?${names.map(() => ', ?').join('')})
       ON CONFLICT(id) DO UPDATE SET position = excluded.position, doc = excluded.doc${names.map((n) => `, ${columnSql(n)} = excluded.${columnSql(n)}`).join('')}
       WHERE "${table}".position < excluded.position`,
    );
    const updateDocument =
      names.length === 0
        ? null
        : this.db.prepare(`UPDATE "${table}" SET position = ?, doc = ? WHERE id = ? AND position < ?${names.map((n) => ` AND ${columnSql(n)} IS ?`).join('')}`);
    const entry = { table, schema, columnNames: names, upsert, updateDocument };
    this.collections.set(collection, entry);
    return entry;
  }

  private defined(collection: string): boolean {
    return this.collections.has(collection) || Boolean(this.statement('SELECT 1 FROM _collections WHERE name = ?').get(checkCollection(collection)));
  }

  async get<T extends ReadDocument>(collection: string, id: string): Promise<T | null> {
    if (!this.defined(collection)) return null;
    const row = this.statement(`SELECT doc FROM "${this.collection(collection).table}" WHERE id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<T[]> {
    if (ids.length === 0 || !this.defined(collection)) return [];
    const rows = this.statement(`SELECT doc FROM "${this.collection(collection).table}" WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Array<{
      doc: string;
    }>;
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  async find<T extends ReadDocument>(collection: string, filter: Filter, options: FindOptions = {}): Promise<Page<T>> {
    checkCollection(collection);
    if (!this.defined(collection)) return { items: [], nextCursor: null };
    const { table, schema } = this.collection(collection);
    const order = pageOrder(schema, options.sort);
    const limit = options.limit ?? DEFAULT_LIMIT;
    const where = whereClause(schema, filter);
    const sortColumn = order.column ? `, ${columnSql(order.column)} AS sort_value` : '';
    const rows: Array<{ id: string; doc: string; sort_value?: Scalar }> = [];
    for (const range of afterCursor(order, options.cursor ? decodeCursor(options.cursor, order) : null)) {
      if (rows.length > limit) break;
      const conditions = [...where.sql, ...range.sql];
      const sql = `SELECT id, doc${sortColumn} FROM "${table}" ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${orderBy(order)} LIMIT ?`;
      rows.push(...(this.statement(sql).all(...where.params, ...range.params, limit + 1 - rows.length) as typeof rows));
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor(order.column ? [last.sort_value ?? null, last.id] : [last.id]) : null;
    return { items: page.map((row) => JSON.parse(row.doc) as T), nextCursor };
  }

  async count(collection: string, filter: Filter): Promise<number> {
    checkCollection(collection);
    if (!this.defined(collection)) return 0;
    const { table, schema } = this.collection(collection);
    const where = whereClause(schema, filter);
    const sql = `SELECT COUNT(*) AS n FROM "${table}" ${where.sql.length ? `WHERE ${where.sql.join(' AND ')}` : ''}`;
    return (this.statement(sql).get(...where.params) as { n: number }).n;
  }

  async counters(collection: string, key: string): Promise<Counters> {
    const rows = this.statement('SELECT name, value FROM _counters WHERE collection = ? AND key = ?').all(checkCollection(collection), key) as Array<{ name: string; value: number }>;
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  }

  async commit(batch: CommitBatch): Promise<{ applied: number }> {
    const prepared = batch.writes.map((write) => ({ write, collection: this.collection(write.collection) }));
    const increment = this.statement(
      'INSERT INTO _counters (collection, key, name, value) VALUES (?, ?, ?, ?) ON CONFLICT(collection, key, name) DO UPDATE SET value = value + excluded.value',
    );
    // A checkpoint never moves backwards (a stale runner finishing late cannot rewind it).
    const checkpoint = this.statement(
      'INSERT INTO _checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position WHERE _checkpoints.position < excluded.position',
    );
    const run = this.db.transaction(() => {
      let applied = 0;
      // Counter changes of the applied writes, summed: one upsert per counter and commit.
      const sums = new Map<string, { collection: string; key: string; name: string; value: number }>();
      for (const { write, collection } of prepared) {
        const values = collection.columnNames.map((name) => bindable(write.columns?.[name] ?? null));
        const { id, _position: position } = write.doc;
        const doc = JSON.stringify(write.doc);
        const changes = collection.updateDocument?.run(position, doc, id, position, ...values).changes || collection.upsert.run(id, position, doc, ...values).changes;
        if (changes === 0) continue;
        applied++;
        for (const delta of write.counters ?? []) {
          for (const name in delta.values) {
            const value = delta.values[name];
            if (value === 0) continue;
            const id = `${write.collection}\u0000${delta.key}\u0000${name}`;
            const sum = sums.get(id);
            if (sum) sum.value += value;
            else sums.set(id, { collection: write.collection, key: delta.key, name, value });
          }
        }
      }
      for (const sum of sums.values()) if (sum.value !== 0) increment.run(sum.collection, sum.key, sum.name, sum.value);
      for (const { name, position } of batch.checkpoints ?? []) checkpoint.run(name, position);
      return applied;
    });
    return { applied: run() };
  }

  async getCheckpoint(name: string): Promise<Position | null> {
    const row = this.statement('SELECT position FROM _checkpoints WHERE name = ?').get(name) as { position: string } | undefined;
    return row?.position ?? null;
  }

  async logIdentity(): Promise<string | null> {
    const row = this.statement("SELECT value FROM _meta WHERE key = 'log-identity'").get() as { value: string } | undefined;
    return row?.value ?? null;
  }

  async recordLogIdentity(identity: string): Promise<void> {
    this.statement("INSERT INTO _meta (key, value) VALUES ('log-identity', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(identity);
  }

  async drop(collections: string[], checkpoints: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const collection of collections) {
        this.db.exec(`DROP TABLE IF EXISTS "c_${checkCollection(collection)}"`);
        this.db.prepare('DELETE FROM _collections WHERE name = ?').run(collection);
        this.db.prepare('DELETE FROM _counters WHERE collection = ?').run(collection);
        this.collections.delete(collection);
      }
      const remove = this.db.prepare('DELETE FROM _checkpoints WHERE name = ?');
      checkpoints.forEach((name) => remove.run(name));
    })();
    this.statements.clear();
  }

  async renameCollection(source: string, target: string): Promise<void> {
    const from = `c_${checkCollection(source)}`;
    const to = `c_${checkCollection(target)}`;
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS "${to}"`);
      this.db.exec(`ALTER TABLE "${from}" RENAME TO "${to}"`);
      this.db.prepare('DELETE FROM _collections WHERE name = ?').run(target);
      this.db.prepare('UPDATE _collections SET name = ? WHERE name = ?').run(target, source);
      this.db.prepare('DELETE FROM _counters WHERE collection = ?').run(target);
      this.db.prepare('UPDATE _counters SET collection = ? WHERE collection = ?').run(target, source);
    })();
    this.collections.delete(source);
    this.collections.delete(target);
    this.statements.clear();
  }

  /** A process lease (an OS lock, see ProcessLeases): the ttl does not apply, it never lapses while this process lives. */
  async tryAcquireLease(name: string, owner: string, now: number, _ttlMs?: number): Promise<LeaseGrant | null> {
    return this.leases.tryAcquire(name, owner, now);
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.leases.release(name, owner);
  }

  async leaseHolder(name: string): Promise<LeaseHolder | null> {
    return this.leases.holder(name);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.leases.releaseAll();
    this.db.close();
  }
}
