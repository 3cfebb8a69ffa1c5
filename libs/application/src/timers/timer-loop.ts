import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { PROJECTION_MONITOR, ProjectionMonitor } from '../projections/projection-monitor';
import { LOG_CONSUMER_STATUS, LogConsumerStatus } from '../consumer/log-consumer-status';
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
    @Optional() @Inject(LOG_CONSUMER_STATUS) private readonly processors?: LogConsumerStatus,
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

  /**
   * Waits until every processor of the log consumer (read models, the due model,
   * workflows, the event feed, the webhook planner) has processed the head, and again if
   * what they did (a workflow's commands) moved the head meanwhile.
   */
  private async settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (let head = await this.eventStore.headPosition(); head; ) {
      const left = deadline - Date.now();
      const reached = this.processors ? await this.processors.waitFor(head, left) : await this.monitor.waitFor(head, left);
      if (!reached) throw new Error(`the log's processors did not reach ${head} within ${SETTLE_TIMEOUT_MS / 1000} s${await this.failing()}`);
      const now = await this.eventStore.headPosition();
      if (now === head) return;
      head = now;
    }
  }

  private async failing(): Promise<string> {
    const failing = (await this.processors?.processors())?.filter((p) => p.lastError && p.failures > 0) ?? [];
    return failing.map((p) => `; ${p.name} is failing: ${p.lastError}`).join('');
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
