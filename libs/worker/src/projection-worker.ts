import { setTimeout } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ALL_PROJECTIONS,
  CatchUpProgress,
  checkpointName,
  EVENT_STORE,
  EventStore,
  PROJECTION_ACTIVITY,
  ProjectionActivity,
  ProjectionRunner,
  READ_STORE,
  ReadStore,
  rebuildProjections,
} from '@ledger/application';

const PROGRESS_LOG_MS = 5000;
/** Small transactions during a first boot keep the api answering between them. */
const FIRST_BOOT_BATCH = 500;
const FIRST_BOOT_DELAY_MS = 300;

/**
 * Drives every read model from the event store subscription with checkpoints (never
 * from the in-process EventBus, which swallows errors: DESIGN.md). Catch-up runs in the
 * background so the api answers meanwhile; /health shows the progress and the lag.
 * A first boot over an existing log (no read model has a checkpoint) loads like a
 * rebuild: fresh tables, indexes after the load, then swapped in.
 */
@Injectable()
export class ProjectionWorker {
  private readonly logger = new Logger('projections');
  private runner: ProjectionRunner | null = null;
  private running: Promise<void> | null = null;
  private firstBoot: AbortController | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_ACTIVITY) private readonly activity: ProjectionActivity,
  ) {}

  start(): void {
    if (this.runner) return;
    const runner = new ProjectionRunner({
      eventStore: this.eventStore,
      readStore: this.readStore,
      projections: ALL_PROJECTIONS,
      onCommit: (position) => this.activity.committedUpTo(position),
      onProgress: this.progressReporter('catching up'),
      logger: {
        info: (message, details) => this.logger.log(details ? `${message} ${JSON.stringify(details)}` : message),
        error: (message, details) => this.logger.error(details ? `${message} ${JSON.stringify(details)}` : message),
      },
    });
    this.runner = runner;
    this.running = this.loadOnFirstBoot()
      .then(() => (this.runner === runner ? runner.start() : undefined))
      .then(
        () => {
          const last = this.activity.catchUp();
          if (last) this.activity.reportProgress({ ...last, phase: 'live', eventsBehind: 0, etaSeconds: 0 });
          this.logger.log('read models caught up; following the log');
        },
        (error: unknown) => this.logger.error(`projections stopped: ${(error as Error).stack ?? error}`),
      );
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
    return ({ processed, ...progress }) => {
      this.activity.reportProgress(progress);
      if (Date.now() - logged < PROGRESS_LOG_MS || progress.phase === 'live') return;
      logged = Date.now();
      const behind = progress.eventsBehind === null ? '' : `, ${progress.eventsBehind} behind, about ${progress.etaSeconds ?? '?'} s left`;
      this.logger.log(`${label}: ${processed} events replayed at ${progress.eventsPerSecond}/s (at ${progress.position}${behind})`);
    };
  }

  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    this.firstBoot?.abort();
    await runner?.stop();
    await this.running;
  }
}
