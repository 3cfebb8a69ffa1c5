import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseGrant, READ_STORE, ReadStore } from '@ledger/application';
import { LogConsumerWorker } from './log-consumer-worker';
import { TimerWorker } from './timer-worker';
import { TestClockWorker } from './test-clock-worker';

export const WORKER_LEASE = 'worker';
/** An expiring lease lapses this long after its last renewal (a crashed holder's lease is free by then). */
export const LEASE_TTL_MS = 1500;
/** The holder renews, and every other instance tries to take the lease, this often. */
export const LEASE_RENEW_EVERY_MS = 250;
/** A holder that could not renew stops this long before its lease could lapse. */
export const LEASE_SAFETY_MARGIN_MS = 250;

/**
 * Several worker instances may run; the one holding the lease runs projections, workflows
 * (process managers) and timers.
 *
 * - Embedded read store: the lease is an OS lock on a file in DATA_DIR (a process lease).
 *   It never lapses while its process lives, and the kernel frees it when that process dies,
 *   kill -9 included: a restarted service takes it at once; a second process on the same
 *   DATA_DIR takes it within one round (250 ms).
 * - MongoDB: an expiring lease (1.5 s), renewed every 250 ms; a dead holder's lease is
 *   taken over at most ttl + one round (1.75 s) after its last renewal.
 *
 * Never two holders at once: a holder of an expiring lease stops its projections, workflows
 * and timers when its last successful renewal is ttl - 250 ms old (a fence armed on the
 * monotonic clock from the moment that renewal was sent), so it has stopped before anyone
 * may take over. What this cannot stop (a batch already committing as the fence fires, or
 * an event loop frozen past the ttl) is made harmless by the writes themselves: read-model
 * writes are guarded by the `_position` each document reflects and checkpoints never move
 * back; workflow commands and timer firings append with deterministic event ids and
 * expected revisions. Lease time is wall-clock time, never the test clock.
 */
@Injectable()
export class WorkerLease implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('worker');
  readonly owner = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private holding = false;
  /** Monotonic time until which the lease is safely ours (Infinity: a process lease). */
  private validUntil = 0;
  private stopping: Promise<void> = Promise.resolve();
  private rounds: NodeJS.Timeout | null = null;
  private fence: NodeJS.Timeout | null = null;
  private renewal: Promise<void> | null = null;
  private destroyed = false;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly consumer: LogConsumerWorker,
    private readonly timers: TimerWorker,
    private readonly testClock: TestClockWorker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.renew();
    this.rounds = setInterval(() => {
      if (!this.renewal) this.renewal = this.renew().finally(() => (this.renewal = null));
    }, LEASE_RENEW_EVERY_MS);
  }

  get isHolding(): boolean {
    return this.holding;
  }

  private async renew(): Promise<void> {
    const sentAt = performance.now();
    let grant: LeaseGrant | null = null;
    try {
      grant = await this.readStore.tryAcquireLease(WORKER_LEASE, this.owner, Date.now(), LEASE_TTL_MS);
    } catch (error) {
      this.logger.error(`lease renewal failed: ${(error as Error).message}`);
    }
    if (this.destroyed) return;
    this.validUntil = grant === null ? 0 : grant.expiresAt === null ? Infinity : sentAt + LEASE_TTL_MS - LEASE_SAFETY_MARGIN_MS;
    const safeFor = this.validUntil - performance.now();
    if (safeFor <= 0) {
      this.standDown(grant ? 'the renewal came back too late to be safe' : 'lost the worker lease');
      return;
    }
    if (this.holding) this.armFence(safeFor);
    else await this.takeOver();
  }

  private armFence(safeFor: number): void {
    if (this.fence) clearTimeout(this.fence);
    this.fence = null;
    if (safeFor === Infinity) return;
    // Every successful renewal re-arms it: firing means none came back in time. (No
    // re-check against performance.now(): a timer may fire a fraction of a ms early.)
    this.fence = setTimeout(() => this.standDown('could not renew the worker lease in time'), safeFor);
  }

  private async takeOver(): Promise<void> {
    await this.stopping;
    // The previous stop may have taken a while: what is left of the lease now.
    const safeFor = this.validUntil - performance.now();
    if (this.holding || this.destroyed || safeFor <= 0) return;
    this.armFence(safeFor);
    this.holding = true;
    this.logger.log(`${this.owner} holds the worker lease: running projections, workflows, the event feed, webhooks and timers`);
    this.consumer.start();
    this.timers.start();
    this.testClock.start();
  }

  private standDown(reason: string): void {
    if (!this.holding) return;
    this.holding = false;
    this.logger.warn(`${this.owner}: ${reason}; stopping projections, workflows and timers`);
    this.stopping = Promise.all([this.consumer.stop(), this.timers.stop(), this.testClock.stop()]).then(
      () => undefined,
      (error: unknown) => this.logger.error(`stopping the worker failed: ${(error as Error).message}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.destroyed = true;
    if (this.rounds) clearInterval(this.rounds);
    if (this.fence) clearTimeout(this.fence);
    // A renewal still in flight could land after the release below; a hung one must not hold up the shutdown.
    if (this.renewal) {
      const patience = new AbortController();
      await Promise.race([this.renewal, sleep(LEASE_TTL_MS, undefined, { signal: patience.signal }).catch(() => undefined)]);
      patience.abort();
    }
    this.standDown('shutting down');
    await this.stopping;
    await this.readStore.releaseLease(WORKER_LEASE, this.owner).catch(() => undefined);
  }
}
