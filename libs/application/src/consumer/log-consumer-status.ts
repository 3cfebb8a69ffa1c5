import { comparePositions, EventStore, Position } from '../ports/event-store.port';
import { ReadStore } from '../ports/read-store.port';
import { eventsBetween } from '../projections/projection-activity';
import { LogConsumer, ProcessorStatus } from './log-consumer';

/** What /health, /metrics and the test clock see of the log consumer's processors. */
export interface LogConsumerStatus {
  /**
   * Every processor: as the consumer of this process has it (state, last error, failing
   * since) when this process runs it; else from the checkpoints committed by whichever
   * process does (state `elsewhere`).
   */
  processors(): Promise<ProcessorStatus[]>;
  /** Resolves true once every processor has processed `position`; false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean>;
}

export const LOG_CONSUMER_STATUS = Symbol('LogConsumerStatus');

/** A processor's checkpoints in the read store (several for the read models: one per read model and version; the lowest counts). */
export interface ProcessorCheckpoints {
  name: string;
  checkpoints: string[];
}

/** Checks the committed checkpoints at least this often when the consumer runs in another process. */
const CROSS_PROCESS_POLL_MS = 50;

/**
 * The status of the log consumer, whichever process runs it: the worker attaches its
 * consumer while it runs (lease held); otherwise the committed checkpoints answer.
 */
export class LogConsumerBoard implements LogConsumerStatus {
  private consumer: LogConsumer | null = null;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly known: ProcessorCheckpoints[],
  ) {}

  attach(consumer: LogConsumer): void {
    this.consumer = consumer;
  }

  detach(consumer: LogConsumer): void {
    if (this.consumer === consumer) this.consumer = null;
  }

  async processors(): Promise<ProcessorStatus[]> {
    const head = await this.eventStore.headPosition();
    if (this.consumer) return this.consumer.status(head);
    return Promise.all(
      this.known.map(async ({ name, checkpoints }) => {
        const checkpoint = await this.lowest(checkpoints);
        return {
          name,
          state: 'elsewhere' as const,
          checkpoint,
          position: null,
          head,
          eventsBehind: comparePositions(checkpoint, head) >= 0 ? 0 : eventsBetween(checkpoint, head),
          lastError: null,
          failingSince: null,
          failures: 0,
        };
      }),
    );
  }

  async waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const consumer = this.consumer;
      const left = deadline - Date.now();
      if (consumer) {
        if (await consumer.whenProcessed(position, Math.max(left, 0))) return true;
      } else if (await this.reached(position)) {
        return true;
      }
      if (deadline - Date.now() <= 0) return false;
      if (!consumer) await new Promise((resolve) => setTimeout(resolve, Math.min(deadline - Date.now(), CROSS_PROCESS_POLL_MS)));
    }
  }

  private async reached(position: Position): Promise<boolean> {
    for (const { checkpoints } of this.known) if (comparePositions(await this.lowest(checkpoints), position) < 0) return false;
    return true;
  }

  private async lowest(names: string[]): Promise<Position | null> {
    let low: Position | null = null;
    for (const [i, name] of names.entries()) {
      const checkpoint = await this.readStore.getCheckpoint(name);
      if (i === 0 || comparePositions(checkpoint, low) < 0) low = checkpoint;
    }
    return low;
  }
}
