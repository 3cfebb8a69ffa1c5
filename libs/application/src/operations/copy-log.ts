import { EventStore, ExpectedRevision, RecordedEvent, WrongExpectedRevisionError } from '../ports/event-store.port';
import { LogImportTarget } from '../ports/log-import.port';

export interface CopyProgress {
  /** Events of the source read so far. */
  processed: number;
  /** Of those, appended to the target by this run (the rest were there already). */
  copied: number;
}

export interface CopyLogOptions {
  onProgress?: (progress: CopyProgress) => void;
  /** Events read from the source at a time. */
  batchSize?: number;
}

export interface CopyLogReport extends CopyProgress {
  /** The identity (R21) the target holds: the source's, unless an empty target had one of its own. */
  identity: string | null;
}

/** The target holds what this copy did not write: another log, or a writer beside it. */
export class LogCopyConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogCopyConflictError';
  }
}

/**
 * Copies a whole log into another store in the source's log order, each event as it was
 * recorded (LogImportTarget), so the target's `$all` order is the source's and its reads
 * give back the same events apart from positions.
 *
 * Resumable: the target's streams tell how far an interrupted run got (it appends in log
 * order, so it holds a prefix of the source); events at or below a stream's last revision
 * are skipped and the rest appended expecting exactly that revision, so a re-run, or two at
 * once, never store an event twice. What the target held before is checked afterwards by
 * `compareLogs`, not here.
 */
export async function copyLog(source: EventStore, target: EventStore & LogImportTarget, options: CopyLogOptions = {}): Promise<CopyLogReport> {
  const heads = await streamHeads(target);
  const sourceIdentity = await source.logIdentity();
  // A target with events is this log's when an earlier run gave it this log's identity.
  const identity = heads.size === 0 ? await target.adoptLogIdentity(sourceIdentity) : await target.storedLogIdentity();
  if (identity !== sourceIdentity && heads.size > 0) {
    throw new LogCopyConflictError(
      `the target already holds events of another log (log ${identity ?? 'without identity'}, this one is ${sourceIdentity}); copy into an EventStoreDB that holds no events, or into the one an earlier migrate-log of this log used`,
    );
  }
  const progress: CopyProgress = { processed: 0, copied: 0 };
  for await (const batch of source.readAll({ batchSize: options.batchSize ?? 1000 })) {
    for (const run of streamRuns(batch)) {
      progress.processed += run.events.length;
      const head = heads.get(run.stream) ?? -1;
      const missing = run.events.filter((event) => event.revision > head);
      if (missing.length === 0) continue;
      await appendOrExplain(target, run.stream, missing);
      heads.set(run.stream, missing[missing.length - 1].revision);
      progress.copied += missing.length;
    }
    options.onProgress?.({ ...progress });
  }
  return { ...progress, identity };
}

async function appendOrExplain(target: LogImportTarget, stream: string, events: RecordedEvent[]): Promise<void> {
  const expected: ExpectedRevision = events[0].revision === 0 ? 'no-stream' : events[0].revision - 1;
  try {
    await target.appendRecorded(stream, events, expected);
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    throw new LogCopyConflictError(
      `stream ${stream} in the target is at ${error.actual}, the copy expected ${expected}: something else writes to the target (stop the service there) or it holds another log`,
    );
  }
}

/** The last revision of every stream of a log (one entry per stream). */
async function streamHeads(store: EventStore): Promise<Map<string, number>> {
  const heads = new Map<string, number>();
  for await (const batch of store.readAll({ batchSize: 1000 })) {
    for (const event of batch) heads.set(event.stream, Math.max(event.revision, heads.get(event.stream) ?? -1));
  }
  return heads;
}

/** Consecutive events of one stream: each run is one append (a command's events stay one write). */
function streamRuns(batch: RecordedEvent[]): Array<{ stream: string; events: RecordedEvent[] }> {
  const runs: Array<{ stream: string; events: RecordedEvent[] }> = [];
  for (const event of batch) {
    const last = runs[runs.length - 1];
    if (last?.stream === event.stream) last.events.push(event);
    else runs.push({ stream: event.stream, events: [event] });
  }
  return runs;
}
