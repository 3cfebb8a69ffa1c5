import { setImmediate } from 'node:timers/promises';
import { AllSubscription, comparePositions, EventStore, Position, RecordedEvent } from '../ports/event-store.port';
import { currentEvent } from '../commands/upcasting';
import { liveBatches } from '../projections/live-batches';
import { CatchUpProgress, eventsBetween } from '../projections/projection-activity';
import { batchAfter, LogBatch, LogProcessor } from './log-processor';

export interface ConsumerLogger {
  info(message: string): void;
  error(message: string): void;
}

export interface LogConsumerOptions {
  eventStore: EventStore;
  processors: LogProcessor[];
  /** Events per batch while catching up (one read, one commit per processor). */
  batchSize?: number;
  /** A live batch is handed over this long after its first event arrived... */
  liveBatchAgeMs?: number;
  /** ...or up to this long while events come densely. */
  maxLiveBatchAgeMs?: number;
  /** Pause before the first retry of a failing processor, doubled per failure up to `maxPauseMs`. */
  firstPauseMs?: number;
  maxPauseMs?: number;
  /** How long a start waits for every processor to resume before following with those ready (a first-boot load takes minutes). */
  resumeWaitMs?: number;
  logger?: ConsumerLogger;
  /** Catch-up progress (the consumer's read position against the head), then `live`. */
  onProgress?: (progress: CatchUpProgress & { processed: number }) => void;
}

/** `elsewhere`: this process does not run the consumer; the figures come from the committed checkpoints. */
export type ProcessorState = 'stopped' | 'resuming' | 'running' | 'failing' | 'elsewhere';

/** One processor as /health and /metrics show it. */
export interface ProcessorStatus {
  name: string;
  state: ProcessorState;
  /** The last position it has processed and committed. */
  checkpoint: Position | null;
  /** The last position the consumer has read (null when not known here). */
  position: Position | null;
  head: Position | null;
  /** Events between its checkpoint and the head (null when positions are not event counts). */
  eventsBehind: number | null;
  lastError: string | null;
  /** ISO instant of the first failure of the current run of failures; null while it succeeds. */
  failingSince: string | null;
  /** Failures in a row (0 while it succeeds). */
  failures: number;
}

interface Slot {
  processor: LogProcessor;
  state: ProcessorState;
  checkpoint: Position | null;
  resuming: Promise<void> | null;
  retryTimer: NodeJS.Timeout | null;
  failures: number;
  lastError: string | null;
  failingSince: Date | null;
  /** Live events handed over while it was busy, merged into one batch: its next. */
  waiting: LogBatch | null;
  /** Its loop over `waiting`, while it has one. */
  draining: Promise<void> | null;
}

/**
 * The most events a batch holds (catch-up reads; live batches under a backlog). A live batch
 * is cut by age first, so this only matters when the processors fall behind: then each commit
 * writes the B-tree pages its documents touch to the WAL once for the batch, and bigger
 * batches share more of them (10,000 renewals through the test clock: 500 → 1,069-1,370/s,
 * 2,000 → 1,412-1,464/s, 5,000 → 1,494-1,554/s; 2,000 keeps a commit near 100 ms).
 */
const BATCH_SIZE = 2000;
const LIVE_BATCH_AGE_MS = 2;
/**
 * A live batch's age under a steady stream of events (see liveBatches). The worker's CPU per
 * suspend/reactivate under 16 concurrent clients: 178-206 µs with 2 ms batches, 129-145 µs
 * with 10 ms ones (a commit per processor and batch costs some 300 µs, an event some 115 µs).
 */
const MAX_LIVE_BATCH_AGE_MS = 10;
const FIRST_PAUSE_MS = 100;
const MAX_PAUSE_MS = 5000;
const RESUME_WAIT_MS = 1000;

/**
 * The only code that follows `$all` (DESIGN.md "Runtime"; emmett's consumer): it reads a
 * batch once, upcasts it once and hands it to every processor that has not yet processed
 * it. Catch-up reads the log in batches; then a live subscription, cut into batches by age.
 *
 * One error policy for all: a processor that throws (or whose resume throws) is paused,
 * 100 ms then doubling up to 5 s, and resumed from its committed checkpoint; the others go
 * on meanwhile, and the consumer re-reads from the lowest checkpoint when it comes back
 * (those ahead skip what they have). Nothing is skipped and nothing stops: every failure
 * is logged, and `status()` shows the failing processor, its last error and since when.
 * A failure to read the log counts as a failure of every processor following it.
 */
export class LogConsumer {
  private readonly slots: Slot[];
  private readonly batchSize: number;
  private loop: Promise<void> | null = null;
  private stopped = true;
  private restartWanted = false;
  private subscription: AllSubscription | null = null;
  private position: Position | null = null;
  private head: Position | null = null;
  private readonly sleepers = new Set<() => void>();
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: LogConsumerOptions) {
    const names = new Set(options.processors.map((p) => p.name));
    if (names.size !== options.processors.length) throw new Error('every processor of a log consumer needs its own name');
    this.slots = options.processors.map((processor) => ({ processor, state: 'stopped', checkpoint: null, resuming: null, retryTimer: null, waiting: null, draining: null, failures: 0, lastError: null, failingSince: null }));
    this.batchSize = options.batchSize ?? BATCH_SIZE;
  }

  /** Starts following the log in the background (resolves at once); `stop()` ends it. */
  async start(): Promise<void> {
    if (this.loop) return;
    this.stopped = false;
    for (const slot of this.slots) Object.assign(slot, { state: 'resuming', failures: 0, lastError: null, failingSince: null });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const slot of this.slots) {
      if (slot.retryTimer) clearTimeout(slot.retryTimer);
      slot.retryTimer = null;
    }
    this.wake();
    await this.subscription?.close();
    await this.loop;
    this.loop = null;
    // Closing first lets a long resume (a first-boot load) give up.
    await Promise.all(this.slots.map((slot) => slot.processor.close?.().catch((error: Error) => this.options.logger?.error(`${slot.processor.name} did not close cleanly: ${error.message}`))));
    await Promise.allSettled(this.slots.map((slot) => slot.resuming));
    for (const slot of this.slots) slot.state = 'stopped';
    this.notify();
  }

  /**
   * One pass from the processors' checkpoints to the log's end, then back: for the CLI,
   * a rebuild and tests. A failure is thrown, not retried.
   */
  async catchUp(): Promise<Position | null> {
    this.stopped = false;
    for (const slot of this.slots) {
      slot.checkpoint = await slot.processor.resume();
      slot.state = 'running';
    }
    try {
      return await this.readToHead(this.slots, { strict: true });
    } finally {
      await Promise.all(this.slots.map((slot) => slot.processor.close?.()));
      for (const slot of this.slots) slot.state = 'stopped';
    }
  }

  /** Every processor as it stands (`head`: the log's head if the caller knows it better). */
  status(head: Position | null = this.head): ProcessorStatus[] {
    const known = comparePositions(head, this.head) > 0 ? head : this.head;
    return this.slots.map((slot) => ({
      name: slot.processor.name,
      state: slot.state,
      checkpoint: slot.checkpoint,
      position: this.position,
      head: known,
      eventsBehind: comparePositions(slot.checkpoint, known) >= 0 ? 0 : eventsBetween(slot.checkpoint, known),
      lastError: slot.lastError,
      failingSince: slot.failingSince?.toISOString() ?? null,
      failures: slot.failures,
    }));
  }

  /** True when every processor (or each one named) has processed `position`. */
  hasProcessed(position: Position, names?: readonly string[]): boolean {
    return this.slots.every((slot) => (names && !names.includes(slot.processor.name)) || comparePositions(slot.checkpoint, position) >= 0);
  }

  /** Resolves true once every processor (or each one named) has processed `position`; false after `timeoutMs`. */
  async whenProcessed(position: Position, timeoutMs: number, names?: readonly string[]): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.hasProcessed(position, names)) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
    return true;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.resumeDue();
      const pending = this.slots.map((slot) => slot.resuming).filter((resuming) => resuming !== null);
      if (pending.length > 0) {
        await Promise.race([Promise.allSettled(pending), this.sleep(this.options.resumeWaitMs ?? RESUME_WAIT_MS)]);
        this.wake();
      }
      if (this.stopped) break;
      this.restartWanted = false;
      const running = this.slots.filter((slot) => slot.state === 'running');
      if (running.length === 0) {
        // Every processor is resuming or paused: wait for one of them (a resume or a retry time wakes the loop).
        await this.sleep(MAX_PAUSE_MS);
        continue;
      }
      try {
        await this.follow(running);
      } catch (error) {
        if (this.stopped) break;
        const reason = new Error(`reading the log failed: ${(error as Error).message}`);
        for (const slot of running) if (slot.state === 'running') this.fail(slot, reason);
      }
    }
  }

  /** Starts the resume of every processor starting, or failing with its pause over. */
  private resumeDue(): void {
    for (const slot of this.slots) {
      // A failing one is due once its pause timer has fired (not by comparing clocks: a timer may fire a ms early).
      if (slot.resuming || !(slot.state === 'resuming' || (slot.state === 'failing' && slot.retryTimer === null))) continue;
      slot.state = 'resuming';
      slot.resuming = slot.processor.resume().then(
        (checkpoint) => {
          slot.resuming = null;
          if (this.stopped) return;
          slot.checkpoint = checkpoint;
          slot.state = 'running';
          this.notify();
          this.restart();
        },
        (error: unknown) => {
          slot.resuming = null;
          if (!this.stopped) this.fail(slot, error);
        },
      );
    }
  }

  /** Catch up with plain reads, then follow live, until stopped or a processor comes back. */
  private async follow(running: Slot[]): Promise<void> {
    try {
      await this.followFrom(running);
    } finally {
      // A restart re-reads from the checkpoints: only once every queued batch is done.
      await this.drained();
    }
  }

  private async followFrom(running: Slot[]): Promise<void> {
    const after = await this.readToHead(running, { strict: false });
    if (this.stopped || this.restartWanted) return;
    const subscription = this.options.eventStore.subscribeToAll({ after });
    this.subscription = subscription;
    try {
      for await (const stored of liveBatches(subscription, { batchSize: this.batchSize, ageMs: this.options.liveBatchAgeMs ?? LIVE_BATCH_AGE_MS, maxAgeMs: this.options.maxLiveBatchAgeMs ?? MAX_LIVE_BATCH_AGE_MS })) {
        if (this.stopped) break;
        await this.deliver(running, stored, false);
        if (this.stopped || this.restartWanted) break;
      }
    } finally {
      this.subscription = null;
      await subscription.close();
    }
  }

  /** Reads from the lowest checkpoint to the end of the log; answers the last position read. */
  private async readToHead(slots: Slot[], { strict }: { strict: boolean }): Promise<Position | null> {
    let after = lowest(slots.map((slot) => slot.checkpoint));
    const head = await this.options.eventStore.headPosition();
    if (comparePositions(head, this.head) > 0) this.head = head;
    const started = Date.now();
    let processed = 0;
    if (comparePositions(head, after) > 0) {
      for await (const stored of this.options.eventStore.readAll({ after, batchSize: this.batchSize })) {
        if (this.stopped || this.restartWanted) return after;
        await this.deliver(slots, stored, strict);
        after = stored[stored.length - 1].position;
        processed += stored.length;
        this.options.onProgress?.({ ...progress(after, head, processed, started), processed });
        // The log is read synchronously (SQLite): let the HTTP server answer between batches.
        await setImmediate();
      }
    }
    // Live once every processor follows (a first-boot load still running in a resume is a catch-up of its own).
    if (!this.slots.some((slot) => slot.state === 'resuming')) this.options.onProgress?.({ phase: 'live', position: after, head: after, eventsBehind: 0, eventsPerSecond: 0, etaSeconds: 0, processed });
    return after;
  }

  /** One batch, upcast once, to every running processor that has not processed it; `strict`: a failure is thrown. */
  private async deliver(slots: Slot[], stored: RecordedEvent[], strict: boolean): Promise<void> {
    const end = stored[stored.length - 1].position;
    this.position = end;
    if (comparePositions(end, this.head) > 0) this.head = end;
    const behind = slots.filter((slot) => slot.state === 'running' && comparePositions(end, slot.checkpoint) > 0);
    if (behind.length === 0) return;
    const batch: LogBatch = { stored, events: stored.map(currentEvent), end };
    if (strict) {
      const outcomes = await Promise.allSettled(behind.map((slot) => this.handle(slot, batchAfter(batch, slot.checkpoint), true)));
      this.notify();
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      return;
    }
    // Each processor takes its batches on its own, so a slow one (a workflow appending
    // commands) does not hold up the read models. What arrives while it is busy waits merged
    // into one batch, its next. The reader waits for any processor whose waiting batch is full.
    for (const slot of behind) {
      slot.waiting = slot.waiting ? merged(slot.waiting, batch) : batch;
      slot.draining ??= this.drain(slot);
    }
    for (const slot of behind) while (slot.draining && slot.waiting && slot.waiting.events.length >= this.batchSize) await slot.draining;
  }

  /** Handles the slot's waiting batch, and the one merged meanwhile, until none waits. */
  private async drain(slot: Slot): Promise<void> {
    // Never finishes synchronously: `draining` is assigned this promise after the call returns, and the finally below must clear it after that.
    await Promise.resolve();
    try {
      while (slot.waiting) {
        const batch = slot.waiting;
        slot.waiting = null;
        if (slot.state === 'running' && !this.stopped && comparePositions(batch.end, slot.checkpoint) > 0) await this.handle(slot, batchAfter(batch, slot.checkpoint), false);
        this.notify();
      }
    } finally {
      slot.draining = null;
      this.notify();
    }
  }

  /** Until every batch handed over so far is handled (or dropped by a failure). */
  private async drained(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.draining));
  }

  private async handle(slot: Slot, batch: LogBatch, strict: boolean): Promise<void> {
    try {
      await slot.processor.handle(batch);
    } catch (error) {
      if (strict) throw error;
      if (!this.stopped) this.fail(slot, error);
      return;
    }
    slot.checkpoint = batch.end;
    if (slot.failures > 0) this.options.logger?.info(`${slot.processor.name} recovered after ${slot.failures} failure(s); at ${batch.end}`);
    slot.failures = 0;
    slot.failingSince = null;
  }

  private fail(slot: Slot, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    slot.failures++;
    slot.lastError = message;
    slot.failingSince ??= new Date();
    slot.state = 'failing';
    const pause = Math.min((this.options.firstPauseMs ?? FIRST_PAUSE_MS) * 2 ** (slot.failures - 1), this.options.maxPauseMs ?? MAX_PAUSE_MS);
    this.options.logger?.error(
      `${slot.processor.name} failed (${slot.failures} in a row since ${slot.failingSince.toISOString()}): ${message}; resuming from its checkpoint ${slot.checkpoint ?? '(start)'} in ${pause} ms`,
    );
    if (slot.retryTimer) clearTimeout(slot.retryTimer);
    slot.retryTimer = setTimeout(() => {
      slot.retryTimer = null;
      this.restart();
    }, pause);
  }

  /** A processor came back (resumed, or its pause is over): re-read from the lowest checkpoint with it. */
  private restart(): void {
    this.restartWanted = true;
    void this.subscription?.close();
    this.wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private wake(): void {
    for (const done of [...this.sleepers]) done();
  }

  private notify(): void {
    for (const done of [...this.waiters]) done();
  }
}

function lowest(positions: Array<Position | null>): Position | null {
  if (positions.length === 0) return null;
  return positions.reduce((low, position) => (comparePositions(position, low) < 0 ? position : low));
}

function progress(position: Position, head: Position | null, processed: number, started: number): CatchUpProgress {
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  const eventsPerSecond = Math.round(processed / seconds);
  const behind = comparePositions(position, head) >= 0 ? 0 : eventsBetween(position, head);
  return {
    phase: behind === 0 ? 'live' : 'catching-up',
    position,
    head,
    eventsBehind: behind,
    eventsPerSecond,
    etaSeconds: behind === null || eventsPerSecond === 0 ? null : Math.ceil(behind / eventsPerSecond),
  };
}

/** Two consecutive batches of the log as one. */
function merged(first: LogBatch, next: LogBatch): LogBatch {
  return { stored: first.stored.concat(next.stored), events: first.events.concat(next.events), end: next.end };
}
