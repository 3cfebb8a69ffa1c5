import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ALL_PROJECTIONS, EVENT_STORE, EventStore, ProjectionRunner, READ_STORE, ReadStore } from '@ledger/application';

const PROGRESS_EVERY = 100_000;

/**
 * Drives every read model from the event store subscription with checkpoints (never
 * from the in-process EventBus, which swallows errors: DESIGN.md). Catch-up runs in the
 * background so the api answers meanwhile; /health shows the lag.
 */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('projections');
  private readonly runner: ProjectionRunner;
  private running: Promise<void> | null = null;

  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(READ_STORE) readStore: ReadStore) {
    let reported = 0;
    this.runner = new ProjectionRunner({
      eventStore,
      readStore,
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
  }

  onApplicationBootstrap(): void {
    this.running = this.runner.start().then(
      () => this.logger.log('read models caught up; following the log'),
      (error: unknown) => this.logger.error(`projections stopped: ${(error as Error).stack ?? error}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
    await this.running;
  }
}
