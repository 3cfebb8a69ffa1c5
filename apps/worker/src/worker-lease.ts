import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { IntegrationWorker, READ_STORE, ReadStore, WorkflowRunner } from '@ledger/application';
import { ProjectionWorker } from './projection-worker';
import { TimerWorker } from './timer-worker';

const LEASE = 'worker';
const TTL_MS = 15_000;
const RENEW_EVERY_MS = 5_000;

/**
 * Several worker instances may run; one holds the lease (a document with owner and expiry
 * in the read store) and runs projections, workflows and timers. It renews every 5 s; if it cannot,
 * it stops, and another takes over once the lease lapses (15 s). Lease time is wall-clock
 * time, never the test clock.
 */
@Injectable()
export class WorkerLease implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('worker');
  private readonly owner = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private holding = false;
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> | null = null;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly projections: ProjectionWorker,
    private readonly timers: TimerWorker,
    private readonly workflows: WorkflowRunner,
    private readonly integration: IntegrationWorker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => {
      if (!this.tick) this.tick = this.renew().finally(() => (this.tick = null));
    }, RENEW_EVERY_MS);
  }

  private async renew(): Promise<void> {
    let held: boolean;
    try {
      held = await this.readStore.tryAcquireLease(LEASE, this.owner, Date.now(), TTL_MS);
    } catch (error) {
      this.logger.error(`lease renewal failed: ${(error as Error).message}`);
      held = false;
    }
    if (held && !this.holding) {
      this.holding = true;
      this.logger.log(`${this.owner} holds the worker lease: running projections, workflows and timers`);
      this.projections.start();
      this.workflows.start();
      this.timers.start();
      void this.integration.start().catch((error: Error) => this.logger.error(`event feed / webhooks failed to start: ${error.message}`));
    } else if (!held && this.holding) {
      this.holding = false;
      this.logger.warn(`${this.owner} lost the worker lease: stopping projections, workflows and timers`);
      await Promise.all([this.projections.stop(), this.timers.stop(), this.workflows.stop(), this.integration.stop()]);
    }
  }

  get isHolding(): boolean {
    return this.holding;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.tick;
    await Promise.all([this.projections.stop(), this.timers.stop(), this.workflows.stop(), this.integration.stop()]);
    if (this.holding) await this.readStore.releaseLease(LEASE, this.owner).catch(() => undefined);
    this.holding = false;
  }
}
