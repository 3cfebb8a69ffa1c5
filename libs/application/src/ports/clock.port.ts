/** The only source of "now". Production: system time; tests and TEST_CLOCK: a movable clock. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

/** A clock that can be moved forward (the test clock, TEST_CLOCK=enabled). */
export interface MovableClock extends Clock {
  set(to: Date): void;
}

export function isMovableClock(clock: Clock): clock is MovableClock {
  return typeof (clock as Partial<MovableClock>).set === 'function';
}
