import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ALL_PROJECTIONS, EVENT_STORE, EventStore, ProjectionRunner, READ_STORE, ReadStore } from '@ledger/application';

/**
 * Drives every read model from the event store subscription with checkpoints
 * (never from the in-process EventBus, which swallows errors: DESIGN.md).
 */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('projections');
  private readonly runner: ProjectionRunner;

  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(READ_STORE) readStore: ReadStore) {
    this.runner = new ProjectionRunner({
      eventStore,
      readStore,
      projections: ALL_PROJECTIONS,
      logger: {
        info: (message, details) => this.logger.log(details ? `${message} ${JSON.stringify(details)}` : message),
        error: (message, details) => this.logger.error(details ? `${message} ${JSON.stringify(details)}` : message),
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}
