import { CurrentEvent } from '../commands/upcasting';
import { comparePositions, Position, RecordedEvent } from '../ports/event-store.port';

/** One batch of the log as every processor sees it: read once, upcast once. */
export interface LogBatch {
  /** The events as stored (what partners see in the event feed and webhook bodies). */
  readonly stored: RecordedEvent[];
  /** The same events lifted to the current schema (read models, workflows), index for index. */
  readonly events: CurrentEvent[];
  /** Position of the last event of the batch. */
  readonly end: Position;
}

/**
 * One follower of `$all` inside the log consumer (DESIGN.md "Runtime"; emmett's
 * processor). It owns its checkpoint and commits it as its kind requires: read models
 * with their writes in one transaction; workflows after their effects.
 */
export interface LogProcessor {
  /** Shown on /health and /metrics; unique within a consumer. */
  readonly name: string;
  /**
   * Called when the consumer starts and again after each failure: reload what is
   * committed (nothing after the last commit is assumed done) and answer the position
   * processed so far; null: from the start of the log.
   */
  resume(): Promise<Position | null>;
  /**
   * Events strictly after the processor's checkpoint, in log order. Resolves once they
   * are done and the checkpoint committed (at `batch.end`). Throwing hands the batch back:
   * the consumer retries from the committed checkpoint after a pause; nothing is skipped.
   */
  handle(batch: LogBatch): Promise<void>;
  /** The consumer stopped (lease lost, shutdown): release timers, save what is pending. */
  close?(): Promise<void>;
}

/** The events of a batch after `checkpoint` (the whole batch when it starts after it). */
export function batchAfter(batch: LogBatch, checkpoint: Position | null): LogBatch {
  if (checkpoint === null || comparePositions(batch.events[0].position, checkpoint) > 0) return batch;
  let from = 0;
  while (from < batch.events.length && comparePositions(batch.events[from].position, checkpoint) <= 0) from++;
  return { stored: batch.stored.slice(from), events: batch.events.slice(from), end: batch.end };
}
