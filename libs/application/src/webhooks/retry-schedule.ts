const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** R22: growing delays after each failed attempt, then every 10 h, for 3 days. */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR];
export const RETRY_WINDOW_MS = 3 * 24 * HOUR;
/** R22: no 2xx within this long is a failed attempt. */
export const ATTEMPT_TIMEOUT_MS = 10 * SECOND;

/**
 * When to try again after `attempts` failed attempts (the last one at `now`), or null when
 * the next try would fall after 3 days from the window's start: the delivery has failed.
 */
export function nextAttemptAt(windowStart: Date, attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[Math.min(attempts - 1, RETRY_DELAYS_MS.length - 1)];
  const next = new Date(now.getTime() + delay);
  return next.getTime() - windowStart.getTime() > RETRY_WINDOW_MS ? null : next;
}
