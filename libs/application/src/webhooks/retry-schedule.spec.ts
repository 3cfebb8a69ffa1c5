import { nextAttemptAt, RETRY_WINDOW_MS } from './retry-schedule';

const T0 = new Date('2026-01-31T09:00:00.000Z');

describe('R22 retry schedule', () => {
  it('R22: delays grow 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h', () => {
    let now = T0;
    const delays: number[] = [];
    for (let attempts = 1; attempts <= 8; attempts++) {
      const next = nextAttemptAt(T0, attempts, now)!;
      delays.push((next.getTime() - now.getTime()) / 1000);
      now = next;
    }
    expect(delays).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000, 36000]);
  });

  it('R22: gives up once the next try would fall after 3 days', () => {
    let now = T0;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt(T0, attempts, now);
      if (next === null) break;
      expect(next.getTime() - T0.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
      now = next;
    }
    expect(attempts).toBe(12);
    expect(now.getTime() - T0.getTime()).toBeGreaterThan(RETRY_WINDOW_MS - 10 * 3_600_000);
  });
});
