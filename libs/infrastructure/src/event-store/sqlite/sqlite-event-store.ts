import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AllSubscription,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  WrongExpectedRevisionError,
} from '@ledger/application';
import { GroupCommit, UnitOutcome } from './group-commit';
import { LiveSubscription } from './live-subscription';
import { fromPosition, toPosition } from './positions';

interface EventRow {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    UNIQUE (stream, revision)
  );`;

/**
 * The embedded event log: one SQLite file, one row per event. WAL with synchronous=FULL
 * makes every append durable when its transaction commits; the AUTOINCREMENT key is the
 * global position and never reuses a value. Appends arriving together share one
 * transaction and its fsync (group commit, see GroupCommit); each keeps its own
 * expected-revision check and its own outcome, and none is answered before the commit.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly listeners = new Set<() => void>();
  private readonly statements;
  private readonly group: GroupCommit<StreamAppend[], AppendResult[]>;
  private committed = 0;
  private readonly appendTransaction: Database.Transaction<(stream: string, events: NewEvent[], expected: ExpectedRevision) => AppendResult>;
  private readonly unitTransaction: Database.Transaction<(unit: StreamAppend[]) => AppendResult[]>;
  private readonly groupTransaction: Database.Transaction<(units: StreamAppend[][]) => UnitOutcome<AppendResult[]>[]>;

  private constructor(private readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    this.statements = {
      lastRevision: db.prepare<[string], { revision: number }>('SELECT MAX(revision) AS revision FROM events WHERE stream = ?'),
      insert: db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
      byIds: db.prepare<[string], EventRow>('SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?))'),
      forwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
      ),
      backwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      after: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      head: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
    };
    // Nested better-sqlite3 transactions are savepoints inside the group's transaction.
    this.appendTransaction = db.transaction((stream: string, events: NewEvent[], expected: ExpectedRevision) => this.appendInTransaction(stream, events, expected));
    this.unitTransaction = db.transaction((unit: StreamAppend[]) => unit.map((append) => this.appendChecked(append)));
    this.groupTransaction = db.transaction((units: StreamAppend[][]) => units.map((unit) => this.appendUnit(unit)));
    this.group = new GroupCommit(
      (units) => this.commitGroup(units),
      () => this.listeners.forEach((notify) => notify()),
    );
  }

  static open(file: string): SqliteEventStore {
    mkdirSync(dirname(file), { recursive: true });
    return new SqliteEventStore(new Database(file));
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appendMany([{ stream, events, expected }]).then(([result]) => result);
  }

  /** All or none, in one transaction; shares that transaction with whatever else is being appended now. */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0 || appends.some((append) => append.events.length === 0)) throw new RangeError('append needs at least one event');
    if (!this.db.open) throw new Error('the event store is closed');
    return this.group.submit(appends);
  }

  /**
   * One transaction (one fsync) for a group of units; each unit in a savepoint of its
   * own, so a conflict or a failure undoes only that unit and answers only to it.
   */
  private commitGroup(units: StreamAppend[][]): UnitOutcome<AppendResult[]>[] {
    const outcomes = this.groupTransaction.immediate(units);
    this.committed += 1;
    return outcomes;
  }

  /** Transactions committed by this instance so far (each is one fsync): diagnostics and tests. */
  get commits(): number {
    return this.committed;
  }

  private appendUnit(unit: StreamAppend[]): UnitOutcome<AppendResult[]> {
    try {
      return { ok: true, value: this.unitTransaction(unit) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private appendChecked({ stream, events, expected }: StreamAppend): AppendResult {
    try {
      return this.appendTransaction(stream, events, expected);
    } catch (error) {
      // An event id already stored (UNIQUE(id)): a repeat of an earlier append, or a conflict.
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      const repeat = this.repeatOf(stream, events, expected);
      if (repeat) return repeat;
      const current = this.statements.lastRevision.get(stream)?.revision ?? null;
      throw new WrongExpectedRevisionError(stream, expected, current ?? 'no-stream');
    }
  }

  private appendInTransaction(stream: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const current = this.statements.lastRevision.get(stream)?.revision ?? null;
    const matches = expected === 'any' || (expected === 'no-stream' ? current === null : current === expected);
    if (!matches) {
      const repeat = this.repeatOf(stream, events, expected);
      if (repeat) return repeat;
      throw new WrongExpectedRevisionError(stream, expected, current ?? 'no-stream');
    }
    let revision = current ?? -1;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const info = this.statements.insert.run(
        event.id,
        stream,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      );
      position = Number(info.lastInsertRowid);
    }
    return { nextExpectedRevision: revision, position: toPosition(position) };
  }

  /** The same ids already stored in this stream right after `expected`: a retried append. */
  private repeatOf(stream: string, events: NewEvent[], expected: ExpectedRevision): AppendResult | null {
    const rows = this.statements.byIds.all(JSON.stringify(events.map((e) => e.id)));
    if (rows.length !== events.length) return null;
    const byId = new Map(rows.map((row) => [row.id, row]));
    const first = byId.get(events[0].id);
    if (!first || first.stream !== stream) return null;
    if (expected === 'no-stream' && first.revision !== 0) return null;
    if (typeof expected === 'number' && first.revision !== expected + 1) return null;
    const consecutive = events.every((event, i) => {
      const row = byId.get(event.id);
      return row?.stream === stream && row.revision === first.revision + i;
    });
    if (!consecutive) return null;
    const last = byId.get(events[events.length - 1].id)!;
    return { nextExpectedRevision: last.revision, position: toPosition(last.position) };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? -1;
    const rows =
      options.direction === 'backwards'
        ? this.statements.backwards.all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
        : this.statements.forwards.all(stream, options.fromRevision ?? 0, limit);
    return rows.map(toRecorded);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent[]> {
    const batchSize = options.batchSize ?? 500;
    let after = options.after ? fromPosition(options.after) : 0;
    for (;;) {
      const rows = this.statements.after.all(after, batchSize);
      if (rows.length === 0) return;
      yield rows.map(toRecorded);
      after = rows[rows.length - 1].position;
      if (rows.length < batchSize) return;
    }
  }

  /** Batch reader for live subscriptions: events strictly after a numeric position. */
  readAfter(after: number, limit: number): RecordedEvent[] {
    return this.statements.after.all(after, limit).map(toRecorded);
  }

  subscribeToAll(options: SubscribeOptions = {}): AllSubscription {
    return new LiveSubscription(
      (after, limit) => this.readAfter(after, limit),
      options.after ? fromPosition(options.after) : 0,
      (notify) => {
        this.listeners.add(notify);
        return () => this.listeners.delete(notify);
      },
    );
  }

  async headPosition(): Promise<Position | null> {
    const head = this.statements.head.get()?.position ?? null;
    return head === null ? null : toPosition(head);
  }

  async close(): Promise<void> {
    if (this.db.open) this.group.flush();
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    stream: row.stream,
    revision: row.revision,
    position: toPosition(row.position),
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}
