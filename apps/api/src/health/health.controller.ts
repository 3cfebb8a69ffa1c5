import { Controller, Get, Inject, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { CLOCK, Clock, EVENT_STORE, EventStore, LOG_CONSUMER_STATUS, LogConsumerStatus, PROJECTION_MONITOR, ProjectionMonitor, READ_STORE, ReadStore } from '@ledger/application';
import { WorkerProcess } from '@ledger/runtime';
import { LEASE_TTL_MS, WORKER_LEASE } from '@ledger/worker';
import { CatchUpView } from './catch-up';
import { PublicOperation } from '../http/public-operation';
import { READY_LAG_SECONDS, readModelLagSeconds } from './read-model-lag';

/**
 * `/health`: what an operator asks first (which stores, how far behind the read models are);
 * down while the event log cannot take writes. `/health/live`: the process is up (restart it
 * when not). `/health/ready`: send it traffic (stores reachable and writable, read models
 * within 5 s of the head). No token on any of them (API.md "Operations").
 */
class LiveAnswer {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

/** A vacant lease is reported down after this long: a hand-over takes at most ttl + a round, a worker process a few seconds to start. */
const LEASE_VACANT_TOLERATED_MS = Math.max(5000, LEASE_TTL_MS * 2);

@ApiTags('health')
@Controller('health')
export class HealthController {
  /** When a lease holder was last seen (the process start counts: its worker may still be starting). */
  private leaseLastHeld = Date.now();
  private readonly catchUp = new CatchUpView();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_MONITOR) private readonly monitor: ProjectionMonitor,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOG_CONSUMER_STATUS) private readonly consumer: LogConsumerStatus,
    /** `npm start`'s worker process, when this api started one (a worker still starting is not a vacant lease). */
    @Optional() private readonly workerProcess?: WorkerProcess,
  ) {}

  @Get()
  @PublicOperation('Which stores are in use and how far each read model is behind the log (no token)')
  @HealthCheck()
  check(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.report(reply, [
      () => this.eventStoreIndicator(),
      async () => {
        const session = this.indicators.check('readStore');
        try {
          const projections = await this.monitor.lag();
          return session.up({ mode: this.readStore.kind, catchUp: this.catchUp.current(projections, this.monitor.catchUp()), projections });
        } catch (error) {
          return session.down({ mode: this.readStore.kind, error: (error as Error).message });
        }
      },
      async () => {
        // Every processor of the one log consumer: where it stands, and whether it keeps failing.
        const session = this.indicators.check('logConsumer');
        try {
          const processors = await this.consumer.processors();
          const failing = processors.filter((p) => p.state === 'failing').map((p) => `${p.name}: ${p.lastError ?? 'failing'}`);
          return failing.length === 0 ? session.up({ processors }) : session.down({ processors, error: `failing, retried from their checkpoints: ${failing.join('; ')}` });
        } catch (error) {
          return session.down({ error: (error as Error).message });
        }
      },
      async () => {
        // Who runs projections, workflows, webhooks and timers. Nobody for a moment (a hand-over,
        // a worker starting) is normal; nobody for longer means nothing follows the log.
        const session = this.indicators.check('workerLease');
        try {
          const holder = await this.readStore.leaseHolder(WORKER_LEASE, Date.now());
          if (holder || this.workerProcess?.isStarting) this.leaseLastHeld = Date.now();
          const vacantMs = holder ? 0 : Date.now() - this.leaseLastHeld;
          if (vacantMs <= LEASE_VACANT_TOLERATED_MS) return session.up({ holder });
          return session.down({ holder, error: `no worker has held the lease for ${Math.round(vacantMs / 1000)} s: nothing projects the log, fires timers or delivers webhooks; start a worker (node dist/apps/worker/src/main.js, or npm start without --api-only)` });
        } catch (error) {
          return session.down({ error: (error as Error).message });
        }
      },
    ]);
  }

  @Get('live')
  @PublicOperation('Liveness: the process is up (no token)')
  @ApiOkResponse({ type: LiveAnswer })
  live(): LiveAnswer {
    return { status: 'ok' };
  }

  @Get('ready')
  @PublicOperation('Readiness: stores reachable and writable, read models within 5 s of the head (no token)')
  @HealthCheck()
  ready(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.report(reply, [
      () => this.eventStoreIndicator(),
      async () => {
        const session = this.indicators.check('readModels');
        try {
          const lagSeconds = await readModelLagSeconds(this.eventStore, await this.monitor.lag(), this.clock);
          const details = { mode: this.readStore.kind, lagSeconds, maxLagSeconds: READY_LAG_SECONDS };
          return lagSeconds <= READY_LAG_SECONDS ? session.up(details) : session.down(details);
        } catch (error) {
          return session.down({ mode: this.readStore.kind, error: (error as Error).message });
        }
      },
    ]);
  }

  /** Terminus' report, also when something is down (503 with the same body, not a problem document). */
  private async report(reply: FastifyReply, indicators: HealthIndicatorFunction[]) {
    try {
      return await this.health.check(indicators);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse();
    }
  }

  private async eventStoreIndicator() {
    const session = this.indicators.check('eventStore');
    try {
      const head = await this.eventStore.headPosition();
      const unwritable = await this.eventStore.unwritableReason();
      return unwritable === null ? session.up({ mode: this.eventStore.kind, head }) : session.down({ mode: this.eventStore.kind, head, error: unwritable });
    } catch (error) {
      return session.down({ mode: this.eventStore.kind, error: (error as Error).message });
    }
  }
}
