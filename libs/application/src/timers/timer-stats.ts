import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '../ports/clock.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { countDue } from './due.projection';

/** A due timer not fired within this long means the timer loop is stuck or behind. */
export const TIMER_OVERDUE_AFTER_MS = 60_000;

export interface TimerCounts {
  /** Timers due at or before now, not fired yet. */
  due: number;
  /** Of those, the ones due for longer than TIMER_OVERDUE_AFTER_MS. */
  overdue: number;
}

/**
 * Timer counts for /metrics, from the column the timer scan reads (the `due` model's
 * `dueAtMs`, one per subscription: its earliest pending timer). Two indexed range counts.
 */
@Injectable()
export class TimerStats {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async counts(): Promise<TimerCounts> {
    const now = this.clock.now().getTime();
    const [due, overdue] = await Promise.all([countDue(this.readStore, now), countDue(this.readStore, now - TIMER_OVERDUE_AFTER_MS)]);
    return { due, overdue };
  }
}
