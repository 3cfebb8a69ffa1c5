import { getHeapStatistics } from 'node:v8';
import { comparePositions, Position } from '../ports/event-store.port';
import { CurrentEvent } from '../commands/upcasting';
import { DocumentWrite, ReadDocument, ReadStore } from '../ports/read-store.port';
import { LogBatch, LogProcessor } from '../consumer/log-processor';
import { counterShares, documentWrite, documentWriteAfter, foldEvents } from './fold-events';
import { checkpointName, Projection } from './projection';
import { CachedDocument, DocumentCache } from './document-cache';

/** One read model as the processor drives it: live, or a rebuild written aside. */
export interface ProjectionTarget {
  projection: Projection;
  collection: string;
  checkpointName: string;
  checkpoint: Position | null;
}

export interface ReadModelsProcessorOptions {
  readStore: ReadStore;
  /** The live read models (their collections and checkpoints are looked up on resume)... */
  projections?: Projection[];
  /** ...or given targets (a rebuild into collections beside the live ones). */
  targets?: ProjectionTarget[];
  /**
   * The targets are fresh collections nobody reads yet: documents are written back only
   * when they leave the cache or at `finish()`, and the checkpoints once, at `finish()`.
   */
  rebuild?: boolean;
  /**
   * Documents kept per read model between batches: 10,000 by default; a rebuild's caches
   * instead grow and shrink with the heap (see `fitCaches`) unless this is given.
   */
  cachedDocuments?: number;
  /** Runs before each resume (the worker's first-boot load of read models without a checkpoint). */
  beforeResume?: () => Promise<void>;
  /** Called after each commit with the position every read model has now processed. */
  onCommit?: (position: Position) => void;
}

/** Documents kept between batches per read model, so a replay rarely reads back what it wrote. */
const CACHED_DOCUMENTS = 10_000;
/**
 * A rebuild's caches grow while the heap in use stays under this share of its limit, and
 * shrink above it. The process holds some 200-250 MB besides the heap (SQLite's page cache,
 * the worker threads, code), so with the CLI's 320 MB old space this keeps it under 500 MB (466 MB on the full bench log).
 */
const REBUILD_HEAP_SHARE = 0.4;
const REBUILD_MAX_CACHED_DOCUMENTS = 400_000;
/** Batches whose heap samples decide a shrink. */
const HEAP_SAMPLES = 4;

/**
 * Every read model as one processor of the log consumer: each batch is folded in memory
 * per read model (a document touched many times is written once) and committed in one
 * transaction with every read model's checkpoint. A document never goes backwards: events
 * at or before its `_position` are skipped, so redelivery after a crash is harmless.
 * The document cache is rebuilt on every resume: after a failed commit nothing in memory
 * is trusted beyond what the store holds.
 */
export class ReadModelsProcessor implements LogProcessor {
  readonly name = 'read-models';
  private targets: ProjectionTarget[] = [];
  private caches = new Map<ProjectionTarget, DocumentCache>();

  /**
   * A rebuild's targets nothing has been written to yet (kept across resumes): a document
   * not in the cache does not exist there, so it is not looked for.
   */
  private readonly unwritten: Set<ProjectionTarget>;
  private heapSamples: number[] = [];

  constructor(private readonly options: ReadModelsProcessorOptions) {
    this.unwritten = new Set(options.rebuild ? options.targets : []);
  }

  async resume(): Promise<Position | null> {
    await this.options.beforeResume?.();
    const { readStore } = this.options;
    if (this.options.targets) {
      this.targets = this.options.targets;
    } else {
      this.targets = [];
      for (const projection of this.options.projections ?? []) {
        await readStore.defineCollection(projection.collection, projection.schema);
        const name = checkpointName(projection);
        this.targets.push({ projection, collection: projection.collection, checkpointName: name, checkpoint: await readStore.getCheckpoint(name) });
      }
    }
    const capacity = this.options.cachedDocuments ?? CACHED_DOCUMENTS;
    this.caches = new Map(this.targets.filter((t) => !t.projection.writeOnce).map((t) => [t, new DocumentCache(capacity)]));
    return lowestCheckpoint(this.targets);
  }

  /** Folds the batch per read model, then commits the documents (and checkpoints) in one transaction. */
  async handle({ events, end }: LogBatch): Promise<void> {
    const writeBack = this.options.rebuild === true;
    if (writeBack && this.options.cachedDocuments === undefined) this.fitCaches();
    const writes: DocumentWrite[] = [];
    const behind = this.targets.filter((t) => comparePositions(end, t.checkpoint) > 0);
    if (behind.length === 0) return;
    for (const target of behind) {
      const mine = comparePositions(events[0].position, target.checkpoint) > 0 ? events : events.filter((e) => comparePositions(e.position, target.checkpoint) > 0);
      const cache = this.caches.get(target);
      const folded = [...(await this.fold(target, mine, cache)), ...flush(target, cache, !writeBack)];
      if (folded.length > 0) this.unwritten.delete(target);
      // Not push(...folded): a rebuild's cache may hand back 100,000s of documents at once (a shrink), past the call stack's limit.
      for (const write of folded) writes.push(write);
    }
    if (writeBack) {
      if (writes.length > 0) await this.options.readStore.commit({ writes });
      return;
    }
    await this.options.readStore.commit({ writes, checkpoints: behind.map((t) => ({ name: t.checkpointName, position: end })) });
    for (const target of behind) target.checkpoint = end;
    this.options.onCommit?.(end);
  }

  /**
   * A rebuild's caches are bounded by memory rather than by count: every document that
   * stays cached is one less written, evicted and read back again (a subscription is
   * touched each month, so a count too small for all the active ones writes each of them
   * monthly). The heap in use counts garbage not yet collected, so it is sampled once per
   * batch and the lowest of the last few samples (near what a collection leaves) decides:
   * above the budget every cache shrinks to fit, well under it every full one grows by half.
   */
  private fitCaches(): void {
    const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
    const budget = limit * REBUILD_HEAP_SHARE;
    this.heapSamples.push(used);
    if (this.heapSamples.length > HEAP_SAMPLES) this.heapSamples.shift();
    const live = Math.min(...this.heapSamples);
    if (this.heapSamples.length === HEAP_SAMPLES && live > budget) {
      for (const cache of this.caches.values()) cache.resize(Math.max(CACHED_DOCUMENTS, Math.floor((cache.size * budget * 0.9) / live)));
      this.heapSamples = [];
    } else if (used < budget * 0.75) {
      for (const cache of this.caches.values()) if (cache.size >= cache.limit / 2) cache.resize(Math.min(REBUILD_MAX_CACHED_DOCUMENTS, Math.floor(cache.limit * 1.5)));
    }
  }

  /**
   * Rebuild: writes what is still dirty, in transactions of `batchSize` writes, then every
   * checkpoint at `last` (where the replay ended).
   */
  async finish(last: Position, batchSize: number, between?: () => Promise<void>): Promise<void> {
    for (const target of this.targets) {
      const dirty = this.caches.get(target)?.takeDirty(true) ?? [];
      this.unwritten.delete(target);
      // Made into writes a transaction at a time: a large cache's writes at once would double its memory.
      for (let i = 0; i < dirty.length; i += batchSize) {
        await this.options.readStore.commit({ writes: dirty.slice(i, i + batchSize).map(([, entry]) => dirtyWrite(target, entry)) });
        await between?.();
      }
    }
    await this.options.readStore.commit({ writes: [], checkpoints: this.targets.map((t) => ({ name: t.checkpointName, position: last })) });
    for (const target of this.targets) target.checkpoint = last;
  }

  /**
   * Applies the events to their documents. With a cache, the changed documents stay in it
   * (dirty) and `flush` writes them; without one (write-once read models), they are
   * returned as writes at once.
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
      else if (!projection.writeOnce && !this.unwritten.has(target)) missing.push(id);
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
        const before = written.get(id);
        const entry = entries.get(id) ?? { doc, written: before ? counterShares(projection, before) : [] };
        entry.doc = doc;
        if (changed.has(id)) cache.markDirty(id, entry);
        cache.put(id, entry);
      }
      return [];
    }
    return [...changed].map((id) => documentWrite(projection, target.collection, written.get(id) ?? null, docs.get(id)!));
  }
}

/** Writes for the cache's dirty documents (evicted ones, or all), each against its last written version. */
function flush(target: ProjectionTarget, cache: DocumentCache | undefined, all: boolean): DocumentWrite[] {
  if (!cache) return [];
  return cache.takeDirty(all).map(([, entry]) => dirtyWrite(target, entry));
}

/** A cached document's write against its last written version; it then counts as written. */
function dirtyWrite(target: ProjectionTarget, entry: CachedDocument): DocumentWrite {
  const { write, shares } = documentWriteAfter(target.projection, target.collection, entry.written, entry.doc!);
  entry.written = shares;
  return write;
}

function lowestCheckpoint(targets: ProjectionTarget[]): Position | null {
  if (targets.length === 0) return null;
  return targets.map((t) => t.checkpoint).reduce((low, c) => (comparePositions(c, low) < 0 ? c : low));
}
