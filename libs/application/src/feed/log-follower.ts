import { setImmediate, setTimeout } from 'node:timers/promises';
import { EventStore, Position, RecordedEvent } from '../ports/event-store.port';
import { DocumentWrite, ReadStore } from '../ports/read-store.port';
import { liveBatches } from '../projections/live-batches';

export interface LogFollowerOptions {
  name: string;
  eventStore: EventStore;
  readStore: ReadStore;
  /** The checkpoint this follower commits with its writes. */
  checkpoint: string;
  /** What a batch of events writes; committed in one transaction with the checkpoint. */
  handle(batch: RecordedEvent[]): Promise<DocumentWrite[]>;
  /** Runs each time following (re)starts from the checkpoint, e.g. to reload state from the store. */
  beforeFollow?(): Promise<void>;
  /** Called after each commit (e.g. to wake a dispatcher or waiting readers). */
  onCommit?(position: Position): void;
  onError?(error: Error): void;
  batchSize?: number;
}

const LIVE_BATCH_AGE_MS = 2;
const MAX_BACKOFF_MS = 5000;

/**
 * Follows `$all` from its checkpoint for one consumer that is not a plain projection (it
 * needs lookups across documents, or writes several documents per event). The checkpoint
 * is committed with the batch's writes, so a crash between two batches replays the last
 * one: consumers write deterministic ids guarded on `_position`, so the replay is absorbed.
 */
export class LogFollower {
  private subscription: { close(): Promise<void> } | null = null;
  private loop: Promise<void> | null = null;
  private stopped = true;
  private position: Position | null = null;

  constructor(private readonly options: LogFollowerOptions) {}

  /** The position committed last (null before the first batch). */
  get committed(): Position | null {
    return this.position;
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.follow();
  }

  private async follow(): Promise<void> {
    const { eventStore, readStore, checkpoint } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    let backoff = 100;
    while (!this.stopped) {
      let subscription: ReturnType<EventStore['subscribeToAll']> | null = null;
      try {
        this.position = await readStore.getCheckpoint(checkpoint);
        await this.options.beforeFollow?.();
        subscription = eventStore.subscribeToAll({ after: this.position });
        this.subscription = subscription;
        for await (const batch of liveBatches(subscription, { batchSize, ageMs: LIVE_BATCH_AGE_MS })) {
          if (this.stopped) break;
          const writes = await this.options.handle(batch);
          const end = batch[batch.length - 1].position;
          await readStore.commit({ writes, checkpoints: [{ name: checkpoint, position: end }] });
          this.position = end;
          this.options.onCommit?.(end);
          backoff = 100;
          // Catching up, batches come from a synchronous read and a buffered iterator: without
          // a turn of the event loop the HTTP server would not answer until the follower is live.
          await setImmediate();
        }
      } catch (error) {
        if (this.stopped) break;
        this.options.onError?.(error as Error);
        await setTimeout(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } finally {
        await subscription?.close();
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
