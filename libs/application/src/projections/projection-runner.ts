import { setImmediate, setTimeout } from 'node:timers/promises';
import { comparePositions, EventStore, Position, RecordedEvent } from '../ports/event-store.port';
import { currentEvent, CurrentEvent } from '../commands/upcasting';
import { liveBatches } from './live-batches';
import { DocumentWrite, ReadDocument, ReadStore } from '../ports/read-store.port';
import { documentWrite, foldEvents } from './fold-events';
import { CatchUpProgress, eventsBetween } from './projection-activity';
import { checkpointName, Projection } from './projection';
import { CachedDocument, DocumentCache } from './document-cache';

export interface RunnerLogger {
  info(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface ProjectionRunnerOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: Projection[];
  /** Events per catch-up batch (one transaction each). */
  batchSize?: number;
  /** Documents kept per read model during a replay (default 10,000). */
  cachedDocuments?: number;
  /** A live batch is committed this long after its first event arrived. */
  liveBatchAgeMs?: number;
  onProgress?: (progress: CatchUpProgress & { processed: number }) => void;
  /** Called after each commit with the position every read model has now processed. */
  onCommit?: (position: Position) => void;
  logger?: RunnerLogger;
}

/** One read model as the runner drives it: live, or a rebuild written aside. */
export interface ProjectionTarget {
  projection: Projection;
  collection: string;
  checkpointName: string;
  checkpoint: Position | null;
}

const LIVE_BATCH_AGE_MS = 2;
const MAX_BACKOFF_MS = 5000;
/** Documents kept between catch-up batches per read model, so a replay rarely reads back what it wrote. */
const CACHED_DOCUMENTS = 10_000;

/**
 * Keeps read models up to date from the log, in one pass for all of them: each batch of
 * events is folded in memory per read model (a document touched many times is written
 * once) and committed in one transaction with every checkpoint. Catch-up yields to the
 * event loop between batches, so the HTTP server answers and /health shows progress;
 * live batches are cut by age. A document never goes backwards: events at or before its
 * `_position` are skipped, so redelivery after a crash is harmless.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly liveBatchAgeMs: number;
  private subscription: { close(): Promise<void> } | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.liveBatchAgeMs = options.liveBatchAgeMs ?? LIVE_BATCH_AGE_MS;
  }

  private async liveTargets(): Promise<ProjectionTarget[]> {
    const targets: ProjectionTarget[] = [];
    for (const projection of this.options.projections) {
      await this.options.readStore.defineCollection(projection.collection, projection.schema);
      const name = checkpointName(projection);
      targets.push({ projection, collection: projection.collection, checkpointName: name, checkpoint: await this.options.readStore.getCheckpoint(name) });
    }
    return targets;
  }

  /** Replays everything after the lowest checkpoint; each read model skips what it has. */
  async catchUp(): Promise<Position | null> {
    return this.catchUpTargets(await this.liveTargets());
  }

  /**
   * Replays the given targets from their checkpoints in one pass. `rebuild`: the targets
   * are fresh collections nobody reads yet, so documents are written back only when they
   * leave the cache or at the end, and the checkpoints once, at the end.
   */
  async catchUpTargets(targets: ProjectionTarget[], options: { rebuild?: boolean } = {}): Promise<Position | null> {
    const from = lowestCheckpoint(targets);
    const head = await this.options.eventStore.headPosition();
    const caches = new Map(targets.filter((t) => !t.projection.writeOnce).map((t) => [t, new DocumentCache(this.options.cachedDocuments ?? CACHED_DOCUMENTS)]));
    const started = Date.now();
    let processed = 0;
    let last: Position | null = from;
    for await (const batch of this.options.eventStore.readAll({ after: from, batchSize: this.batchSize })) {
      if (this.stopped) break;
      await this.applyBatch(targets, batch, { caches, writeBack: options.rebuild === true });
      processed += batch.length;
      last = batch[batch.length - 1].position;
      this.options.onProgress?.({ ...progress(last, head, processed, started), processed });
      // The log is read synchronously (SQLite): let the HTTP server answer between batches.
      await setImmediate();
    }
    if (options.rebuild && last !== null && !this.stopped) {
      // What is still dirty, in transactions of a batch's size, yielding between them.
      const writes = targets.flatMap((t) => flush(t, caches.get(t), true));
      for (let i = 0; i < writes.length; i += this.batchSize) {
        await this.options.readStore.commit({ writes: writes.slice(i, i + this.batchSize) });
        await setImmediate();
      }
      await this.options.readStore.commit({ writes: [], checkpoints: targets.map((t) => ({ name: t.checkpointName, position: last! })) });
      for (const target of targets) target.checkpoint = last;
    }
    return last;
  }

  /** Folds one batch per read model, then commits the documents (and checkpoints) in one transaction. */
  private async applyBatch(targets: ProjectionTarget[], stored: RecordedEvent[], replay?: { caches: Map<ProjectionTarget, DocumentCache>; writeBack: boolean }): Promise<void> {
    const end = stored[stored.length - 1].position;
    const batch = stored.map(currentEvent);
    const writes: DocumentWrite[] = [];
    const behind = targets.filter((t) => comparePositions(end, t.checkpoint) > 0);
    if (behind.length === 0) return;
    for (const target of behind) {
      const events = comparePositions(batch[0].position, target.checkpoint) > 0 ? batch : batch.filter((e) => comparePositions(e.position, target.checkpoint) > 0);
      const cache = replay?.caches.get(target);
      writes.push(...(await this.fold(target, events, cache)), ...flush(target, cache, !replay?.writeBack));
    }
    if (replay?.writeBack) {
      await this.options.readStore.commit({ writes });
      return;
    }
    await this.options.readStore.commit({ writes, checkpoints: behind.map((t) => ({ name: t.checkpointName, position: end })) });
    for (const target of behind) target.checkpoint = end;
    this.options.onCommit?.(end);
  }

  /**
   * Applies the events to their documents. With a cache, the changed documents stay in it
   * (dirty) and `flush` writes them; without one (live batches, write-once read models),
   * they are returned as writes at once.
   */
  private async fold(target: ProjectionTarget, events: CurrentEvent[], cache?: DocumentCache): Promise<DocumentWrite[]> {
    const { projection } = target;
    const docs = new Map<string, ReadDocument | null>();
    const written = new Map<string, ReadDocument | null>();
    const entries = new Map<string, CachedDocument>();
    const missing: string[] = [];
    for (const event of events) {
      const id = projection.documentId(event);
      if (id === null || docs.has(id)) continue;
      const cached = cache?.get(id);
      docs.set(id, cached ? cached.doc : null);
      if (cached) entries.set(id, cached);
      else if (!projection.writeOnce) missing.push(id);
    }
    if (docs.size === 0) return [];
    if (missing.length > 0) {
      for (const doc of await this.options.readStore.getMany(target.collection, missing)) {
        docs.set(doc.id, doc);
        written.set(doc.id, doc);
      }
    }
    const changed = foldEvents(projection, docs, events);
    if (cache) {
      // Marked before it is (re)cached, so that one leaving the cache while changed is written back.
      for (const [id, doc] of docs) {
        const entry = entries.get(id) ?? { doc, written: written.get(id) ?? null };
        entry.doc = doc;
        if (changed.has(id)) cache.markDirty(id, entry);
        cache.put(id, entry);
      }
      return [];
    }
    return [...changed].map((id) => documentWrite(projection, target.collection, written.get(id) ?? null, docs.get(id)!));
  }

  /** Catch up, then follow the log live until `stop()`. Resolves once live. */
  async start(): Promise<void> {
    this.stopped = false;
    const targets = await this.liveTargets();
    try {
      await this.catchUpTargets(targets);
    } catch (error) {
      // The live loop resumes from the committed checkpoints and retries with backoff.
      this.options.logger?.error('catch-up failed; continuing from the checkpoints', { error: (error as Error).message });
      for (const t of targets) t.checkpoint = await this.options.readStore.getCheckpoint(t.checkpointName);
    }
    if (this.stopped) return;
    this.loop = this.follow(targets);
  }

  private async follow(targets: ProjectionTarget[]): Promise<void> {
    let backoff = 100;
    while (!this.stopped) {
      const subscription = this.options.eventStore.subscribeToAll({ after: lowestCheckpoint(targets) });
      this.subscription = subscription;
      try {
        for await (const batch of liveBatches(subscription, { batchSize: this.batchSize, ageMs: this.liveBatchAgeMs })) {
          if (this.stopped) break;
          await this.applyBatch(targets, batch);
          backoff = 100;
        }
      } catch (error) {
        if (this.stopped) break;
        this.options.logger?.error('projection batch failed; retrying from the checkpoint', { error: (error as Error).message });
        await setTimeout(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        // Reload checkpoints: nothing after the last committed batch is assumed applied.
        for (const t of targets) t.checkpoint = await this.options.readStore.getCheckpoint(t.checkpointName);
      } finally {
        await subscription.close();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.loop;
    this.loop = null;
  }
}

/** Writes for the cache's dirty documents (evicted ones, or all), each against its last written version. */
function flush(target: ProjectionTarget, cache: DocumentCache | undefined, all: boolean): DocumentWrite[] {
  if (!cache) return [];
  return cache.takeDirty(all).map(([, entry]) => {
    const write = documentWrite(target.projection, target.collection, entry.written, entry.doc!);
    entry.written = entry.doc;
    return write;
  });
}

function progress(position: Position, head: Position | null, processed: number, started: number): CatchUpProgress {
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  const eventsPerSecond = Math.round(processed / seconds);
  const behind = comparePositions(position, head) >= 0 ? 0 : eventsBetween(position, head);
  return {
    phase: behind === 0 ? 'live' : 'catching-up',
    position,
    head,
    eventsBehind: behind,
    eventsPerSecond,
    etaSeconds: behind === null || eventsPerSecond === 0 ? null : Math.ceil(behind / eventsPerSecond),
  };
}

function lowestCheckpoint(targets: ProjectionTarget[]): Position | null {
  if (targets.length === 0) return null;
  return targets.map((t) => t.checkpoint).reduce((low, c) => (comparePositions(c, low) < 0 ? c : low));
}
