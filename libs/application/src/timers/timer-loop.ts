import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { PROJECTION_MONITOR, ProjectionMonitor } from '../projections/projection-monitor';
import { DueWorkRegistry } from './due-work';
import { TimerPoller } from './timer-poller';

/** A settle (read models at the head) may take this long before an advance gives up. */
const SETTLE_TIMEOUT_MS = 30_000;
/** Rounds in a row that fire nothing while something is still due before it is reported. */
const STALLED_ROUNDS = 3;

export class TimersStalledError extends Error {
  constructor(readonly remaining: number) {
    super(`${remaining} timer(s) stay due but fire nothing (see the timer log); the clock moved, the firings did not finish`);
    this.name = 'TimersStalledError';
  }
}

/**
 * The one place timers fire (R19). Rounds never overlap: the background scan and a test
 * clock advance take turns, so a round is fired by one of them only; while an advance
 * runs, the background scan stands aside entirely. A round fires the subscription timers
 * due by now and every other due work (webhook retries).
 */
@Injectable()
export class TimerLoop {
  private readonly logger = new Logger('timers');
  private turn: Promise<unknown> = Promise.resolve();
  private busy = false;
  private held = 0;

  constructor(
    private readonly poller: TimerPoller,
    private readonly registry: DueWorkRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(PROJECTION_MONITOR) private readonly monitor: ProjectionMonitor,
  ) {}

  /** The background scan: one round, unless a round runs or an advance holds the loop (null then). */
  tick(): Promise<number> | null {
    if (this.busy || this.held > 0) return null;
    return this.exclusive(() => this.round());
  }

  /**
   * Fires round after round until nothing is due at or before now, waiting for the read
   * models between rounds (a renewal schedules the next term end). No round cap: every
   * round that fires moves a stream on, and rounds that fire nothing while something is
   * still due end it with TimersStalledError, never with a quiet success.
   */
  async drain(): Promise<void> {
    this.held++;
    try {
      await this.exclusive(async () => {
        let stalled = 0;
        for (;;) {
          await this.settle();
          if ((await this.round()) > 0) {
            stalled = 0;
            continue;
          }
          await this.settle();
          const remaining = await this.poller.countDue(this.clock.now());
          if (remaining === 0) return;
          if (++stalled >= STALLED_ROUNDS) throw new TimersStalledError(remaining);
        }
      });
    } finally {
      this.held--;
    }
  }

  private async round(): Promise<number> {
    let fired = (await this.poller.fireDue()).fired;
    for (const source of this.registry.list()) {
      try {
        fired += await source.fireDue(this.clock.now());
      } catch (error) {
        this.logger.error(`${source.name}: due work failed (retried next round): ${(error as Error).message}`);
      }
    }
    return fired;
  }

  private async settle(): Promise<void> {
    const head = await this.eventStore.headPosition();
    if (head && !(await this.monitor.waitFor(head, SETTLE_TIMEOUT_MS))) throw new Error(`read models did not reach ${head} within ${SETTLE_TIMEOUT_MS / 1000} s`);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(async () => {
      this.busy = true;
      try {
        return await work();
      } finally {
        this.busy = false;
      }
    });
    this.turn = run.catch(() => undefined);
    return run;
  }
}
