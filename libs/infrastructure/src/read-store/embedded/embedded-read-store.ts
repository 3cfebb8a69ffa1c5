import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CommitBatch,
  Filter,
  FindOptions,
  IndexSpec,
  Page,
  Position,
  ReadDocument,
  ReadStore,
  Scalar,
} from '@ledger/application';
import { checkCollection, checkField, decodeCursor, encodeCursor, normaliseSort, readPath } from '../shared/query-validation';
import { bindable, sortExpression, whereClause } from './sql-filter';

const DEFAULT_LIMIT = 50;

/**
 * The default read store: a SQLite file next to the event log. Documents and the
 * projection's checkpoint are committed in one transaction, so a crash can never leave
 * a checkpoint ahead of its documents (or documents applied twice). It is durable:
 * a restart opens the file and carries on, no rebuild needed.
 */
export class EmbeddedReadStore implements ReadStore {
  readonly kind = 'embedded';
  private readonly tables = new Set<string>();

  private constructor(private readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS _checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL)');
    db.exec('CREATE TABLE IF NOT EXISTS _leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)');
  }

  static open(file: string): EmbeddedReadStore {
    mkdirSync(dirname(file), { recursive: true });
    return new EmbeddedReadStore(new Database(file));
  }

  private table(collection: string): string {
    return `c_${checkCollection(collection)}`;
  }

  private exists(collection: string): boolean {
    const table = this.table(collection);
    if (this.tables.has(table)) return true;
    const row = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    if (row) this.tables.add(table);
    return Boolean(row);
  }

  private ensureTable(collection: string): string {
    const table = this.table(collection);
    if (!this.tables.has(table)) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY, position TEXT NOT NULL, doc TEXT NOT NULL)`);
      this.tables.add(table);
    }
    return table;
  }

  async get<T extends ReadDocument>(collection: string, id: string): Promise<T | null> {
    if (!this.exists(collection)) return null;
    const row = this.db.prepare(`SELECT doc FROM "${this.table(collection)}" WHERE id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<T[]> {
    if (ids.length === 0 || !this.exists(collection)) return [];
    const rows = this.db
      .prepare(`SELECT doc FROM "${this.table(collection)}" WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as Array<{ doc: string }>;
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  async find<T extends ReadDocument>(collection: string, filter: Filter, options: FindOptions = {}): Promise<Page<T>> {
    const sort = normaliseSort(options.sort);
    const limit = options.limit ?? DEFAULT_LIMIT;
    const where = whereClause(filter);
    if (options.cursor) {
      const after = keysetClause(sort, decodeCursor(options.cursor, sort.length));
      where.sql.push(after.sql);
      where.params.push(...after.params);
    }
    if (!this.exists(collection)) return { items: [], nextCursor: null };
    const order = sort.map((key) => `${sortExpression(key.field)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
    const sql = `SELECT doc FROM "${this.table(collection)}" ${where.sql.length ? `WHERE ${where.sql.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`;
    const rows = this.db.prepare(sql).all(...where.params, limit + 1) as Array<{ doc: string }>;
    const items = rows.slice(0, limit).map((row) => JSON.parse(row.doc) as T);
    const last = items.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor(sort.map((key) => readPath(last, key.field) ?? null)) : null;
    return { items, nextCursor };
  }

  async count(collection: string, filter: Filter): Promise<number> {
    const where = whereClause(filter);
    if (!this.exists(collection)) return 0;
    const sql = `SELECT COUNT(*) AS n FROM "${this.table(collection)}" ${where.sql.length ? `WHERE ${where.sql.join(' AND ')}` : ''}`;
    return (this.db.prepare(sql).get(...where.params) as { n: number }).n;
  }

  async commit(batch: CommitBatch): Promise<{ applied: number }> {
    const tables = batch.writes.map((write) => this.ensureTable(write.collection));
    const checkpoint = this.db.prepare(
      // A checkpoint never moves backwards (a stale runner finishing late cannot rewind it).
      'INSERT INTO _checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position WHERE _checkpoints.position < excluded.position',
    );
    const run = this.db.transaction(() => {
      let applied = 0;
      batch.writes.forEach((write, i) => {
        const upsert = this.db.prepare(
          `INSERT INTO "${tables[i]}" (id, position, doc) VALUES (?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET position = excluded.position, doc = excluded.doc
           WHERE "${tables[i]}".position < excluded.position`,
        );
        applied += upsert.run(write.doc.id, write.doc._position, JSON.stringify(write.doc)).changes;
      });
      if (batch.checkpoint) checkpoint.run(batch.checkpoint.name, batch.checkpoint.position);
      return applied;
    });
    return { applied: run() };
  }

  async getCheckpoint(name: string): Promise<Position | null> {
    const row = this.db.prepare('SELECT position FROM _checkpoints WHERE name = ?').get(name) as { position: string } | undefined;
    return row?.position ?? null;
  }

  async ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    const table = this.ensureTable(collection);
    for (const index of indexes) {
      const fields = index.fields.map((key) => checkField(key.field));
      const name = `ix_${table}_${fields.join('_').replace(/\./g, '_')}`;
      const columns = index.fields.map((key) => `${sortExpression(key.field)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`);
      this.db.exec(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns.join(', ')})`);
    }
  }

  async drop(collections: string[], checkpoints: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const collection of collections) {
        const table = this.table(collection);
        this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
        this.tables.delete(table);
      }
      const remove = this.db.prepare('DELETE FROM _checkpoints WHERE name = ?');
      checkpoints.forEach((name) => remove.run(name));
    })();
  }

  async renameCollection(source: string, target: string): Promise<void> {
    const from = this.table(source);
    const to = this.table(target);
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS "${to}"`);
      this.db.exec(`ALTER TABLE "${from}" RENAME TO "${to}"`);
    })();
    this.tables.delete(from);
    this.tables.add(to);
  }

  async tryAcquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO _leases (name, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE _leases.owner = excluded.owner OR _leases.expires_at <= ?`,
      )
      .run(name, owner, now + ttlMs, now);
    return result.changes === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM _leases WHERE name = ? AND owner = ?').run(name, owner);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Rows strictly after the cursor in the sort order: (a > x) OR (a = x AND b > y) ... */
function keysetClause(sort: Array<{ field: string; direction: 'asc' | 'desc' }>, values: Scalar[]): { sql: string; params: unknown[] } {
  const ors: string[] = [];
  const params: unknown[] = [];
  sort.forEach((key, i) => {
    const ands: string[] = [];
    for (let j = 0; j < i; j++) {
      ands.push(`${sortExpression(sort[j].field)} = ?`);
      params.push(bindable(values[j]));
    }
    ands.push(`${sortExpression(key.field)} ${key.direction === 'asc' ? '>' : '<'} ?`);
    params.push(bindable(values[i]));
    ors.push(`(${ands.join(' AND ')})`);
  });
  return { sql: `(${ors.join(' OR ')})`, params };
}
