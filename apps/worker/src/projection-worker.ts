import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALL_PROJECTIONS, EVENT_STORE, EventStore, PROJECTION_ACTIVITY, ProjectionActivity, ProjectionRunner, READ_STORE, ReadStore } from '@ledger/application';

const PROGRESS_LOG_MS = 5000;

/**
 * Drives every read model from the event store subscription with checkpoints (never
 * from the in-process EventBus, which swallows errors: DESIGN.md). Catch-up runs in the
 * background so the api answers meanwhile; /health shows the progress and the lag.
 */
@Injectable()
export class ProjectionWorker {
  private readonly logger = new Logger('projections');
  private runner: ProjectionRunner | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_ACTIVITY) private readonly activity: ProjectionActivity,
  ) {}

  start(): void {
    if (this.runner) return;
    let logged = Date.now();
    const runner = new ProjectionRunner({
      eventStore: this.eventStore,
      readStore: this.readStore,
      projections: ALL_PROJECTIONS,
      onCommit: (position) => this.activity.committedUpTo(position),
      onProgress: ({ processed, ...progress }) => {
        this.activity.reportProgress(progress);
        if (Date.now() - logged < PROGRESS_LOG_MS || progress.phase === 'live') return;
        logged = Date.now();
        const behind = progress.eventsBehind === null ? '' : `, ${progress.eventsBehind} behind, about ${progress.etaSeconds ?? '?'} s left`;
        this.logger.log(`catching up: ${processed} events replayed at ${progress.eventsPerSecond}/s (at ${progress.position}${behind})`);
      },
      logger: {
        info: (message, details) => this.logger.log(details ? `${message} ${JSON.stringify(details)}` : message),
        error: (message, details) => this.logger.error(details ? `${message} ${JSON.stringify(details)}` : message),
      },
    });
    this.runner = runner;
    this.running = runner.start().then(
      () => {
        const last = this.activity.catchUp();
        if (last) this.activity.reportProgress({ ...last, phase: 'live', eventsBehind: 0, etaSeconds: 0 });
        this.logger.log('read models caught up; following the log');
      },
      (error: unknown) => this.logger.error(`projections stopped: ${(error as Error).stack ?? error}`),
    );
  }

  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    await runner?.stop();
    await this.running;
  }
}
