import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, EventStore, PROJECTION_MONITOR, ProjectionMonitor, READ_STORE, ReadStore } from '@ledger/application';
import { PublicOperation } from '../http/public-operation';

/** Liveness plus what an operator asks first: which stores, and how far behind the read models are. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_MONITOR) private readonly monitor: ProjectionMonitor,
  ) {}

  @Get()
  @PublicOperation('Which stores are in use and how far each read model is behind the log (no token)')
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const session = this.indicators.check('eventStore');
        try {
          return session.up({ mode: this.eventStore.kind, head: await this.eventStore.headPosition() });
        } catch (error) {
          return session.down({ mode: this.eventStore.kind, error: (error as Error).message });
        }
      },
      async () => {
        const session = this.indicators.check('readStore');
        try {
          return session.up({ mode: this.readStore.kind, catchUp: this.monitor.catchUp(), projections: await this.monitor.lag() });
        } catch (error) {
          return session.down({ mode: this.readStore.kind, error: (error as Error).message });
        }
      },
    ]);
  }
}
