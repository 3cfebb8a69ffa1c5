import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  AllSubscription,
  StorageUnavailableError,
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
} from '@ledger/application';
import { GroupCommit } from './group-commit';
import { LiveSubscription } from './live-subscription';
import { fromPosition, toPosition } from './positions';
import { EncodedAppend, encodeUnit, SqliteWriter } from './sqlite-writer';
import { openCheckedDatabase, refusal } from './open-checked';

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
  );
  CREATE TABLE IF NOT EXISTS log_info (key TEXT PRIMARY KEY, value NOT NULL);`;

/**
 * The embedded event log: one SQLite file, one row per event. WAL with synchronous=FULL
 * makes every append durable when its transaction commits; the AUTOINCREMENT key is the
 * global position and never reuses a value.
 *
 * Writes go through a writer thread (SqliteWriter) with group commit (GroupCommit): the
 * appends of one turn of the event loop go to the thread together, and the groups that
 * reach it while it commits share its next transaction and fsync, each append keeping its
 * own expected-revision check and its own outcome; none is answered before its commit. Reads use this thread's own connection (WAL readers see
 * every commit the writer answered).
 */
/**
 * Groups sent to the writer thread before the first is answered. With one, the thread sat
 * idle from each COMMIT until the main thread had heard of it and sent the next group
 * (about 1.2 of every 4 ms under 16 concurrent commands); with more, it commits back to back.
 */
const WRITER_GROUPS_IN_FLIGHT = 8;

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly listeners = new Set<() => void>();
  private readonly statements;
  private readonly writer: SqliteWriter;
  private readonly group: GroupCommit<EncodedAppend[], AppendResult[]>;
  private committed = 0;
  private closing: Promise<void> | null = null;
  /** Why the last commit failed for lack of storage; null once a commit or a probe went through. */
  private unwritable: string | null = null;
  private readonly identity: string;

  private constructor(private readonly db: Database.Database, file: string) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    this.identity = SqliteEventStore.identityOf(db);
    this.statements = {
      forwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
      ),
      backwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      after: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      head: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
    };
    this.writer = new SqliteWriter(file);
    this.group = new GroupCommit(
      async (units) => {
        const outcomes = await this.writer.commit(units).catch((error: unknown) => {
          if (error instanceof StorageUnavailableError) this.unwritable = error.reason;
          throw error;
        });
        this.committed += 1;
        this.unwritable = null;
        return outcomes;
      },
      // The writer thread merges the groups waiting for it into its next transaction.
      { maxInFlight: WRITER_GROUPS_IN_FLIGHT, afterCommit: () => this.listeners.forEach((notify) => notify()) },
    );
  }

  /**
   * Refuses (StoreIntegrityError, one line) a file that is not a sound log: zero bytes, not
   * a database; see open-checked.ts (damaged pages: storage/damaged-pages.ts).
   */
  static open(file: string): SqliteEventStore {
    const db = openCheckedDatabase(file);
    try {
      return new SqliteEventStore(db, file);
    } catch (error) {
      db.close();
      throw refusal(file, error);
    }
  }

  /** Made once, with the log (or on the first open of a log from before identities); read by every later open and process. */
  private static identityOf(db: Database.Database): string {
    const read = db.prepare<[], { value: string }>("SELECT value FROM log_info WHERE key = 'identity'");
    const stored = read.get();
    if (stored) return stored.value;
    db.prepare("INSERT OR IGNORE INTO log_info (key, value) VALUES ('identity', ?)").run(randomUUID());
    return read.get()!.value;
  }

  async logIdentity(): Promise<string> {
    return this.identity;
  }

  /**
   * Null when the log takes writes; else why not. Only after a failed commit does it try a
   * write (a probe) to see whether the storage came back.
   */
  async unwritableReason(): Promise<string | null> {
    if (this.unwritable === null) return null;
    try {
      await this.writer.probe();
      this.unwritable = null;
    } catch (error) {
      this.unwritable = error instanceof StorageUnavailableError ? error.reason : String(error);
    }
    return this.unwritable;
  }

  /** Caps the file's growth (PRAGMA max_page_count on the writer): tests provoke a full disk with it. */
  capGrowth(extraPages: number | null): Promise<void> {
    return this.writer.capGrowth(extraPages);
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appendMany([{ stream, events, expected }]).then(([result]) => result);
  }

  /** All or none, in one transaction; shares that transaction with whatever else is being appended now. */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0 || appends.some((append) => append.events.length === 0)) throw new RangeError('append needs at least one event');
    if (this.closing) throw new Error('the event store is closed');
    return this.group.submit(encodeUnit(appends));
  }

  /** Transactions committed by this instance so far (each is one fsync): diagnostics and tests. */
  get commits(): number {
    return this.committed;
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

  close(): Promise<void> {
    this.closing ??= (async () => {
      // What was submitted before close is committed and answered, then the writer stops.
      await this.group.flush();
      await this.writer.close();
      this.listeners.clear();
      this.db.close();
    })();
    return this.closing;
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
