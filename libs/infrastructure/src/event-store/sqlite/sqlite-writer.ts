import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { AppendResult, ExpectedRevision, hashableJson, StorageUnavailableError, StreamAppend, WrongExpectedRevisionError } from '@ledger/application';
import { UnitOutcome } from './group-commit';
import { toPosition } from './positions';
import { WRITER_THREAD_SOURCE } from './writer-thread-source';

/** An append as the writer thread takes it: data and metadata serialised as they are hashed (R21, operations/event-hash.ts). */
export interface EncodedAppend {
  stream: string;
  expected: ExpectedRevision;
  events: Array<{ id: string; type: string; data: string; metadata: string }>;
}

/** SQLite result codes that mean the file cannot take writes now, not that the append was wrong. */
const STORAGE_FAILURE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|NOMEM|CORRUPT|NOTADB)/;

type ThreadError = { conflict: { stream: string; expected: ExpectedRevision; actual: number | 'no-stream' } } | { message: string; code?: string };
type ThreadOutcome = { ok: true; value: Array<{ nextExpectedRevision: number; position: number }> } | { ok: false; error: ThreadError };
type ThreadAnswer = { id: number; outcomes: ThreadOutcome[] } | { id: number; failed: ThreadError };

/**
 * The main thread's side of the writer thread (writer-thread-source.ts). Commits, and
 * their fsync, run there, so the event loop keeps serving requests meanwhile; the groups
 * the thread receives during a commit share its next one. A group's promise settles only
 * with the thread's answer, which it sends after COMMIT returned.
 */
export class SqliteWriter {
  private started: Worker | null = null;
  private readonly waiting = new Map<number, { resolve(outcomes: UnitOutcome<AppendResult[]>[]): void; reject(error: unknown): void }>();
  private nextId = 0;
  private stopped: Error | null = null;

  constructor(private readonly file: string) {}

  /** Started at the first write: a process that only reads the log (rebuild, verify, export) has no writer thread (some 10-20 MB). */
  private get worker(): Worker {
    if (this.started) return this.started;
    const worker = new Worker(WRITER_THREAD_SOURCE, { eval: true, workerData: { file: this.file, driver: require.resolve('better-sqlite3') } });
    // Idle, the writer does not keep the process alive; a commit in flight does (see commit).
    worker.unref();
    worker.on('message', (answer: ThreadAnswer) => this.settle(answer));
    worker.on('error', (error: Error & { code?: string }) =>
      this.stop(error.code && STORAGE_FAILURE.test(error.code) ? new StorageUnavailableError(`${error.code}: ${error.message}`) : error),
    );
    worker.on('exit', (code) => this.stop(new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    this.started = worker;
    return worker;
  }

  commit(units: EncodedAppend[][]): Promise<UnitOutcome<AppendResult[]>[]> {
    return this.request({ units });
  }

  /** Commits a small write and erases it: resolves when the file takes writes now. */
  async probe(): Promise<void> {
    await this.request({ kind: 'probe' });
  }

  /** PRAGMA max_page_count on the writing connection: the file may grow by `extra` pages more (null: no cap). */
  async capGrowth(extra: number | null): Promise<void> {
    await this.request({ kind: 'max-pages', extra });
  }

  private request(message: object): Promise<UnitOutcome<AppendResult[]>[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage({ id, ...message });
    });
  }

  /** Call once, after the last commit settled. */
  async close(): Promise<void> {
    if (this.stopped || !this.started) return;
    const exited = once(this.worker, 'exit');
    // Held until the thread closed the file: an unref'd worker would let the process end first.
    this.worker.ref();
    this.worker.postMessage({ kind: 'close' });
    await exited;
  }

  private settle(answer: ThreadAnswer): void {
    const waiting = this.waiting.get(answer.id);
    if (!waiting) return;
    this.waiting.delete(answer.id);
    if (this.waiting.size === 0) this.worker.unref();
    if ('failed' in answer) waiting.reject(toError(answer.failed));
    else waiting.resolve(answer.outcomes.map(toOutcome));
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}

/** Serialised by the caller, so that data JSON cannot carry fails only its own append. */
export function encodeUnit(appends: StreamAppend[]): EncodedAppend[] {
  return appends.map(({ stream, expected, events }) => ({
    stream,
    expected,
    events: events.map((event) => {
      const { dataJson, metadataJson } = hashableJson(event);
      return { id: event.id, type: event.type, data: dataJson, metadata: metadataJson };
    }),
  }));
}

function toOutcome(outcome: ThreadOutcome): UnitOutcome<AppendResult[]> {
  if (!outcome.ok) return { ok: false, error: toError(outcome.error) };
  return { ok: true, value: outcome.value.map((result) => ({ nextExpectedRevision: result.nextExpectedRevision, position: toPosition(result.position) })) };
}

function toError(error: ThreadError): Error {
  if ('conflict' in error) return new WrongExpectedRevisionError(error.conflict.stream, error.conflict.expected, error.conflict.actual);
  if (error.code && STORAGE_FAILURE.test(error.code)) return new StorageUnavailableError(`${error.code}: ${error.message}`);
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}
