import { comparePositions, EventStore, Position, RecordedEvent } from '../ports/event-store.port';
import { DocumentWrite, ReadDocument, ReadStore } from '../ports/read-store.port';
import { Projection } from './projection';

export interface RunnerLogger {
  info(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface ProjectionProgress {
  projection: string;
  position: Position;
  processed: number;
}

export interface ProjectionRunnerOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: Projection[];
  batchSize?: number;
  onProgress?: (progress: ProjectionProgress) => void;
  logger?: RunnerLogger;
}

interface Target {
  projection: Projection;
  collection: string;
  checkpointName: string;
  checkpoint: Position | null;
}

const LIVE_BATCH_WAIT_MS = 5;
const MAX_BACKOFF_MS = 5000;

/**
 * Keeps read models up to date from the log. Catch-up reads `$all` in batches and
 * commits each batch once (documents + checkpoint); live mode does the same for whatever
 * arrived. A document never goes backwards: events at or before its `_position` are
 * skipped, so redelivery after a crash is harmless.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private subscription: { close(): Promise<void> } | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = options.batchSize ?? 500;
  }

  private async targets(): Promise<Target[]> {
    return Promise.all(
      this.options.projections.map(async (projection) => {
        await this.options.readStore.ensureIndexes(projection.collection, projection.indexes);
        return {
          projection,
          collection: projection.collection,
          checkpointName: projection.name,
          checkpoint: await this.options.readStore.getCheckpoint(projection.name),
        };
      }),
    );
  }

  /** Replays everything after the lowest checkpoint; each projection skips what it has. */
  async catchUp(): Promise<Position | null> {
    return this.catchUpTargets(await this.targets());
  }

  /**
   * Replays one projection from the start into `collection` under `checkpointName`
   * (rebuilds write aside, then swap with renameCollection).
   */
  async replayInto(projection: Projection, collection: string, checkpointName: string): Promise<Position | null> {
    await this.options.readStore.drop([collection], [checkpointName]);
    await this.options.readStore.ensureIndexes(collection, projection.indexes);
    return this.catchUpTargets([{ projection, collection, checkpointName, checkpoint: null }]);
  }

  private async catchUpTargets(targets: Target[]): Promise<Position | null> {
    const from = lowestCheckpoint(targets);
    let processed = 0;
    let last: Position | null = from;
    for await (const batch of this.options.eventStore.readAll({ after: from, batchSize: this.batchSize })) {
      if (this.stopped) break;
      await this.applyBatch(targets, batch);
      processed += batch.length;
      last = batch[batch.length - 1].position;
      for (const t of targets) this.options.onProgress?.({ projection: t.checkpointName, position: last, processed });
    }
    return last;
  }

  /** Folds one batch in memory per projection, then one commit per projection. */
  private async applyBatch(targets: Target[], batch: RecordedEvent[]): Promise<void> {
    const end = batch[batch.length - 1].position;
    for (const target of targets) {
      const events = batch.filter((e) => comparePositions(e.position, target.checkpoint) > 0);
      if (events.length === 0) continue;
      const writes = await this.fold(target, events);
      await this.options.readStore.commit({ writes, checkpoint: { name: target.checkpointName, position: end } });
      target.checkpoint = end;
    }
  }

  private async fold(target: Target, events: RecordedEvent[]): Promise<DocumentWrite[]> {
    const { projection } = target;
    const ids = [...new Set(events.map((e) => projection.documentId(e)).filter((id): id is string => id !== null))];
    if (ids.length === 0) return [];
    const loaded = await this.options.readStore.getMany(target.collection, ids);
    const docs = new Map<string, ReadDocument | null>(loaded.map((doc) => [doc.id, doc]));
    const changed = new Set<string>();
    for (const event of events) {
      const id = projection.documentId(event);
      if (id === null) continue;
      const current = docs.get(id) ?? null;
      if (current && comparePositions(event.position, current._position) <= 0) continue;
      const next = projection.evolve(current, event);
      if (next === null) continue;
      docs.set(id, { ...next, id, _position: event.position } as ReadDocument);
      changed.add(id);
    }
    return [...changed].map((id) => ({ collection: target.collection, doc: docs.get(id)! }));
  }

  /** Catch up, then follow the log live until `stop()`. Resolves once live. */
  async start(): Promise<void> {
    this.stopped = false;
    const targets = await this.targets();
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

  private async follow(targets: Target[]): Promise<void> {
    let backoff = 100;
    while (!this.stopped) {
      const after = lowestCheckpoint(targets);
      const subscription = this.options.eventStore.subscribeToAll({ after });
      this.subscription = subscription;
      try {
        const iterator = subscription[Symbol.asyncIterator]();
        let pending: Promise<IteratorResult<RecordedEvent>> | null = null;
        while (!this.stopped) {
          const first = await (pending ?? iterator.next());
          pending = null;
          if (first.done) break;
          const batch = [first.value];
          // Take whatever else is already there, up to a batch, without waiting long.
          while (batch.length < this.batchSize) {
            pending = iterator.next();
            const more = await Promise.race([pending, delay(LIVE_BATCH_WAIT_MS).then(() => null)]);
            if (more === null) break;
            pending = null;
            if (more.done) break;
            batch.push(more.value);
          }
          await this.applyBatch(targets, batch);
          backoff = 100;
        }
      } catch (error) {
        if (this.stopped) break;
        this.options.logger?.error('projection batch failed; retrying from the checkpoint', { error: (error as Error).message });
        await delay(backoff);
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

function lowestCheckpoint(targets: Target[]): Position | null {
  if (targets.length === 0) return null;
  return targets.map((t) => t.checkpoint).reduce((low, c) => (comparePositions(c, low) < 0 ? c : low));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
