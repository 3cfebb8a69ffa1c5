import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALL_PROJECTIONS, EVENT_STORE, EventStore, ProjectionRunner, READ_STORE, ReadStore } from '@ledger/application';

const PROGRESS_EVERY = 100_000;

/**
 * Drives every read model from the event store subscription with checkpoints (never
 * from the in-process EventBus, which swallows errors: DESIGN.md). Catch-up runs in the
 * background so the api answers meanwhile; /health shows the lag.
 */
@Injectable()
export class ProjectionWorker {
  private readonly logger = new Logger('projections');
  private runner: ProjectionRunner | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  start(): void {
    if (this.runner) return;
    let reported = 0;
    const runner = new ProjectionRunner({
      eventStore: this.eventStore,
      readStore: this.readStore,
      projections: ALL_PROJECTIONS,
      onProgress: ({ processed, position }) => {
        if (processed - reported < PROGRESS_EVERY) return;
        reported = processed;
        this.logger.log(`catching up: ${processed} events replayed (at ${position})`);
      },
      logger: {
        info: (message, details) => this.logger.log(details ? `${message} ${JSON.stringify(details)}` : message),
        error: (message, details) => this.logger.error(details ? `${message} ${JSON.stringify(details)}` : message),
      },
    });
    this.runner = runner;
    this.running = runner.start().then(
      () => this.logger.log('read models caught up; following the log'),
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
