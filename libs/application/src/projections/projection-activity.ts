import { comparePositions, Position } from '../ports/event-store.port';

/** Where a catch-up stands, for /health during a first boot. */
export interface CatchUpProgress {
  phase: 'catching-up' | 'live';
  position: Position | null;
  head: Position | null;
  /** Events still to replay (null when the store's positions are not event counts). */
  eventsBehind: number | null;
  eventsPerSecond: number;
  etaSeconds: number | null;
}

export type ActivityChange = { kind: 'committed'; position: Position } | { kind: 'progress'; progress: CatchUpProgress };

/**
 * What the in-process projection runner tells the rest of the process: each commit
 * (every read model has then processed that position: one transaction covers them all),
 * which wakes the requests waiting on `consistentWith` at once, and catch-up progress.
 */
export class ProjectionActivity {
  private committed: Position | null = null;
  private waiters: Array<() => void> = [];
  private progress: CatchUpProgress | null = null;
  private listeners: Array<(change: ActivityChange) => void> = [];

  /** Every commit and progress report from now on (the worker side relays them to the api process). */
  listen(listener: (change: ActivityChange) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  committedUpTo(position: Position): void {
    if (comparePositions(position, this.committed) > 0) this.committed = position;
    for (const listener of this.listeners) listener({ kind: 'committed', position });
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** True when this process's runner has committed `position` for every read model. */
  hasCommitted(position: Position): boolean {
    return comparePositions(this.committed, position) >= 0;
  }

  /** Resolves on the next commit, or after `timeoutMs` (another process may be the one committing). */
  nextCommit(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve();
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
    });
  }

  reportProgress(progress: CatchUpProgress): void {
    this.progress = progress;
    for (const listener of this.listeners) listener({ kind: 'progress', progress });
  }

  catchUp(): CatchUpProgress | null {
    return this.progress;
  }
}

export const PROJECTION_ACTIVITY = Symbol('ProjectionActivity');

/** Events between two positions when positions are event sequence numbers (the SQLite log); else null. */
export function eventsBetween(from: Position | null, to: Position | null): number | null {
  if (to === null) return 0;
  if (!/^\d+$/.test(to) || (from !== null && !/^\d+$/.test(from))) return null;
  return Math.max(0, Number(to) - Number(from ?? 0));
}
