import { setTimeout } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ALL_PROJECTIONS,
  CatchUpProgress,
  checkpointName,
  EVENT_STORE,
  EventStore,
  IntegrationWorker,
  LOG_CONSUMER_STATUS,
  LogConsumer,
  LogConsumerBoard,
  PROJECTION_ACTIVITY,
  ProjectionActivity,
  READ_STORE,
  ReadModelsProcessor,
  ReadStore,
  rebuildProjections,
  WorkflowRunner,
} from '@ledger/application';

const PROGRESS_LOG_MS = 5000;
/** Small transactions during a first boot keep the api answering between them. */
const FIRST_BOOT_BATCH = 500;
const FIRST_BOOT_DELAY_MS = 300;

/**
 * The worker's one log consumer (DESIGN.md "Runtime"): the read models (the due model
 * among them), the workflows, the event feed and the webhook planner are its processors;
 * it reads and upcasts each batch once for all of them (never from the in-process
 * EventBus, which swallows errors). Catch-up runs in the background so the api answers
 * meanwhile; /health shows the progress and each processor's lag and last error.
 * A first boot over an existing log (read models without a checkpoint) loads them like
 * a rebuild (fresh tables, indexes after the load, then swapped in) when the read-models
 * processor resumes; the other processors go on meanwhile.
 */
@Injectable()
export class LogConsumerWorker {
  private readonly logger = new Logger('log-consumer');
  private readonly consumer: LogConsumer;
  private firstBoot: AbortController | null = null;
  private running = false;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_ACTIVITY) private readonly activity: ProjectionActivity,
    @Inject(LOG_CONSUMER_STATUS) private readonly board: LogConsumerBoard,
    workflows: WorkflowRunner,
    integration: IntegrationWorker,
  ) {
    const readModels = new ReadModelsProcessor({
      readStore,
      projections: ALL_PROJECTIONS,
      beforeResume: () => this.loadOnFirstBoot(),
      onCommit: (position) => this.activity.committedUpTo(position),
    });
    this.consumer = new LogConsumer({
      eventStore,
      processors: [readModels, workflows, ...integration.processors()],
      onProgress: this.progressReporter('catching up'),
      logger: { info: (message) => this.logger.log(message), error: (message) => this.logger.error(message) },
    });
  }

  /** Starts following the log (in the background). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.board.attach(this.consumer);
    void this.consumer.start();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.firstBoot?.abort();
    await this.consumer.stop();
    this.board.detach(this.consumer);
  }

  /** Read models without a checkpoint (a first boot, or a new version of one) over a non-empty log. */
  private async loadOnFirstBoot(): Promise<void> {
    const checkpoints = await Promise.all(ALL_PROJECTIONS.map((p) => this.readStore.getCheckpoint(checkpointName(p))));
    const fresh = ALL_PROJECTIONS.filter((_, i) => checkpoints[i] === null);
    if (fresh.length === 0 || (await this.eventStore.headPosition()) === null) return;
    this.logger.log(`loading ${fresh.map(checkpointName).join(', ')} from the whole log in one pass (fresh tables, indexes after the load), then following it`);
    // Let the HTTP server start listening before the load takes its share of the event loop.
    await setTimeout(FIRST_BOOT_DELAY_MS);
    this.firstBoot = new AbortController();
    try {
      await rebuildProjections({ eventStore: this.eventStore, readStore: this.readStore }, fresh, {
        batchSize: FIRST_BOOT_BATCH,
        indexesFirst: process.env.FIRST_BOOT_INDEXES_FIRST === '1',
        signal: this.firstBoot.signal,
        onProgress: this.progressReporter('first boot'),
      });
    } finally {
      this.firstBoot = null;
    }
  }

  private progressReporter(label: string): (progress: CatchUpProgress & { processed: number }) => void {
    let logged = Date.now();
    let live = false;
    return ({ processed, ...progress }) => {
      this.activity.reportProgress(progress);
      if (progress.phase === 'live') {
        if (!live && processed > 0) this.logger.log(`${label}: caught up at ${progress.position}; following the log`);
        live = true;
        return;
      }
      live = false;
      if (Date.now() - logged < PROGRESS_LOG_MS) return;
      logged = Date.now();
      const behind = progress.eventsBehind === null ? '' : `, ${progress.eventsBehind} behind, about ${progress.etaSeconds ?? '?'} s left`;
      this.logger.log(`${label}: ${processed} events replayed at ${progress.eventsPerSecond}/s (at ${progress.position}${behind})`);
    };
  }
}

