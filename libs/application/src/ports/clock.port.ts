/** The only source of "now". Production: system time; tests and TEST_CLOCK: a movable clock. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');
