import { comparePositions, Position } from '../ports/event-store.port';
import { CurrentEvent } from '../commands/upcasting';
import { DocumentWrite, ReadDocument, ReadStore } from '../ports/read-store.port';
import { LogBatch, LogProcessor } from '../consumer/log-processor';
import { documentWrite, foldEvents } from './fold-events';
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
  /** Documents kept per read model between batches (default 10,000). */
  cachedDocuments?: number;
  /** Runs before each resume (the worker's first-boot load of read models without a checkpoint). */
  beforeResume?: () => Promise<void>;
  /** Called after each commit with the position every read model has now processed. */
  onCommit?: (position: Position) => void;
}

/** Documents kept between batches per read model, so a replay rarely reads back what it wrote. */
const CACHED_DOCUMENTS = 10_000;

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

  constructor(private readonly options: ReadModelsProcessorOptions) {}

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
    const writes: DocumentWrite[] = [];
    const behind = this.targets.filter((t) => comparePositions(end, t.checkpoint) > 0);
    if (behind.length === 0) return;
    for (const target of behind) {
      const mine = comparePositions(events[0].position, target.checkpoint) > 0 ? events : events.filter((e) => comparePositions(e.position, target.checkpoint) > 0);
      const cache = this.caches.get(target);
      writes.push(...(await this.fold(target, mine, cache)), ...flush(target, cache, !writeBack));
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
   * Rebuild: writes what is still dirty, in transactions of `batchSize` writes, then every
   * checkpoint at `last` (where the replay ended).
   */
  async finish(last: Position, batchSize: number, between?: () => Promise<void>): Promise<void> {
    const writes = this.targets.flatMap((t) => flush(t, this.caches.get(t), true));
    for (let i = 0; i < writes.length; i += batchSize) {
      await this.options.readStore.commit({ writes: writes.slice(i, i + batchSize) });
      await between?.();
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

function lowestCheckpoint(targets: ProjectionTarget[]): Position | null {
  if (targets.length === 0) return null;
  return targets.map((t) => t.checkpoint).reduce((low, c) => (comparePositions(c, low) < 0 ? c : low));
}
