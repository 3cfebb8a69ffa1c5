import { setImmediate } from 'node:timers/promises';
import { EventStore, Position } from '../ports/event-store.port';
import { ReadStore } from '../ports/read-store.port';
import { ConsumerLogger, LogConsumer } from '../consumer/log-consumer';
import { CatchUpProgress } from './projection-activity';
import { Projection } from './projection';
import { ProjectionTarget, ReadModelsProcessor } from './read-models.processor';

export type { ProjectionTarget } from './read-models.processor';

export interface ProjectionRunnerOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: Projection[];
  /** Events per catch-up batch (one transaction each). */
  batchSize?: number;
  /** Documents kept per read model between batches (default 10,000). */
  cachedDocuments?: number;
  /** A live batch is committed this long after its first event arrived. */
  liveBatchAgeMs?: number;
  onProgress?: (progress: CatchUpProgress & { processed: number }) => void;
  /** Called after each commit with the position every read model has now processed. */
  onCommit?: (position: Position) => void;
  logger?: ConsumerLogger;
}

/**
 * The read models alone on a log consumer of their own: for the CLI (rebuild, verify),
 * tests and tools. The worker runs the same ReadModelsProcessor beside the other
 * processors of its one consumer.
 */
export class ProjectionRunner {
  private consumer: LogConsumer | null = null;
  private stopped = false;

  constructor(private readonly options: ProjectionRunnerOptions) {}

  /** Replays everything after the lowest checkpoint; each read model skips what it has. */
  async catchUp(): Promise<Position | null> {
    return this.consume(new ReadModelsProcessor({ ...this.options }), (consumer) => consumer.catchUp());
  }

  /**
   * Replays the given targets from their checkpoints in one pass. `rebuild`: the targets
   * are fresh collections nobody reads yet, so documents are written back only when they
   * leave the cache or at the end, and the checkpoints once, at the end.
   */
  async catchUpTargets(targets: ProjectionTarget[], options: { rebuild?: boolean } = {}): Promise<Position | null> {
    const processor = new ReadModelsProcessor({ ...this.options, projections: undefined, targets, rebuild: options.rebuild });
    return this.consume(processor, async (consumer) => {
      const last = await consumer.catchUp();
      if (options.rebuild && last !== null && !this.stopped) await processor.finish(last, this.options.batchSize ?? 500, () => setImmediate());
      return last;
    });
  }

  /** Catch up, then follow the log live until `stop()` (in the background: resolves at once). */
  async start(): Promise<void> {
    this.stopped = false;
    const processor = new ReadModelsProcessor({ ...this.options });
    this.consumer = this.newConsumer(processor);
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.stop();
    this.consumer = null;
  }

  private async consume(processor: ReadModelsProcessor, work: (consumer: LogConsumer) => Promise<Position | null>): Promise<Position | null> {
    this.stopped = false;
    const consumer = this.newConsumer(processor);
    this.consumer = consumer;
    try {
      return await work(consumer);
    } finally {
      if (this.consumer === consumer) this.consumer = null;
    }
  }

  private newConsumer(processor: ReadModelsProcessor): LogConsumer {
    const { eventStore, batchSize, liveBatchAgeMs, onProgress, logger } = this.options;
    return new LogConsumer({ eventStore, processors: [processor], batchSize, liveBatchAgeMs, onProgress, logger });
  }
}
