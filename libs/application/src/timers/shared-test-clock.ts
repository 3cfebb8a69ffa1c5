import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLOCK, Clock, isMovableClock, MovableClock } from '../ports/clock.port';
import { Position } from '../ports/event-store.port';
import { READ_STORE, ReadDocument, ReadStore } from '../ports/read-store.port';

const COLLECTION = 'test_clock';
/** How often every process looks for a clock moved elsewhere (tests only: TEST_CLOCK=enabled). */
export const TEST_CLOCK_FOLLOW_MS = 20;

interface ClockDocument extends ReadDocument {
  now: string;
}

/** An advance a worker is asked to carry out: move to `now`, fire everything due by then. */
export interface AdvanceRequest extends ReadDocument {
  requestId: string;
  now: string;
}

interface AdvanceResult extends ReadDocument {
  requestId: string;
  head: Position | null;
  error: string | null;
}

/** Positions of the clock's documents: they order like the instants (writes never move a document back). */
const instantPosition = (ms: number) => String(ms).padStart(16, '0');

export class AdvanceFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdvanceFailedError';
  }
}

/**
 * The test clock shared by every process on the same stores: the api, the worker it starts,
 * workers scaled apart. The read store holds where the clock stands (each process follows it
 * every 20 ms, and the latest instant wins, so clocks only move forward) and the advance
 * requests that the worker holding the lease carries out (it fires the timers: TimerLoop.drain).
 * Inert unless the clock is movable (TEST_CLOCK=enabled).
 */
@Injectable()
export class SharedTestClock implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('test-clock');
  private follower: NodeJS.Timeout | null = null;
  private following: Promise<void> | null = null;
  private sequence = 0;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return isMovableClock(this.clock);
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await this.readStore.defineCollection(COLLECTION, { columns: {}, indexes: [] });
    await this.follow();
    this.follower = setInterval(() => {
      this.following ??= this.follow()
        .catch((error: Error) => this.logger.error(`following the shared test clock failed: ${error.message}`))
        .finally(() => (this.following = null));
    }, TEST_CLOCK_FOLLOW_MS);
    this.follower.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.follower) clearInterval(this.follower);
    this.follower = null;
    await this.following;
  }

  /** Moves this process's clock to the shared one, or publishes this one when it is ahead. */
  async follow(): Promise<void> {
    const clock = this.movable();
    const shared = await this.readStore.get<ClockDocument>(COLLECTION, 'clock');
    const sharedMs = shared ? Date.parse(shared.now) : -Infinity;
    if (sharedMs > clock.now().getTime()) clock.set(new Date(sharedMs));
    else if (sharedMs < clock.now().getTime()) await this.publish(clock.now());
  }

  /** Moves the clock here and for every process on these stores. */
  async moveTo(to: Date): Promise<void> {
    const clock = this.movable();
    if (to.getTime() > clock.now().getTime()) clock.set(to);
    await this.publish(clock.now());
  }

  /** Asks the worker holding the lease to fire everything due by `to`; resolves with the head it reached. */
  async requestAdvance(to: Date, timeoutMs: number): Promise<Position | null> {
    await this.moveTo(to);
    const requestId = `${process.pid}-${Date.now()}-${++this.sequence}`;
    const request: AdvanceRequest = { id: 'request', _position: `${instantPosition(Date.now())}${String(this.sequence).padStart(6, '0')}`, requestId, now: to.toISOString() };
    await this.readStore.commit({ writes: [{ collection: COLLECTION, doc: request }] });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.readStore.get<AdvanceResult>(COLLECTION, 'result');
      if (result?.requestId === requestId) {
        if (result.error !== null) throw new AdvanceFailedError(result.error);
        return result.head;
      }
      if (Date.now() > deadline) throw new AdvanceFailedError(`no worker fired the timers due by ${to.toISOString()} within ${timeoutMs / 1000} s (is a worker running? /health shows the lease holder)`);
      await sleep(TEST_CLOCK_FOLLOW_MS);
    }
  }

  /** Worker side: the advance asked for and not answered yet, if any. */
  async pendingRequest(): Promise<AdvanceRequest | null> {
    const [request, result] = await Promise.all([
      this.readStore.get<AdvanceRequest>(COLLECTION, 'request'),
      this.readStore.get<AdvanceResult>(COLLECTION, 'result'),
    ]);
    return request && request.requestId !== result?.requestId ? request : null;
  }

  /** Worker side: the answer to `request` (its head, or why it failed). */
  async answer(request: AdvanceRequest, outcome: { head: Position | null } | { error: string }): Promise<void> {
    const doc: AdvanceResult = { id: 'result', _position: request._position, requestId: request.requestId, head: 'head' in outcome ? outcome.head : null, error: 'error' in outcome ? outcome.error : null };
    await this.readStore.commit({ writes: [{ collection: COLLECTION, doc }] });
  }

  private movable(): MovableClock {
    if (!isMovableClock(this.clock)) throw new Error('the test clock is not enabled (TEST_CLOCK=enabled)');
    return this.clock;
  }

  private async publish(now: Date): Promise<void> {
    await this.readStore.commit({ writes: [{ collection: COLLECTION, doc: { id: 'clock', _position: instantPosition(now.getTime()), now: now.toISOString() } }] });
  }
}
