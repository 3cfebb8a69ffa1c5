import { MovableClock } from '@ledger/application';

/**
 * A clock that only moves when told to (TEST_CLOCK=enabled, tests). It never goes
 * backwards: timers that fired must not become "not yet due" again.
 */
export class TestClock implements MovableClock {
  private current: Date;

  constructor(start: Date = new Date()) {
    this.current = new Date(start.getTime());
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date): void {
    if (Number.isNaN(to.getTime())) throw new RangeError('not a valid instant');
    if (to.getTime() < this.current.getTime()) {
      throw new RangeError(`the test clock cannot move backwards (now ${this.current.toISOString()})`);
    }
    this.current = new Date(to.getTime());
  }
}
