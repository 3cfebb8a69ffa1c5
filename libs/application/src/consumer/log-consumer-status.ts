import { comparePositions, EventStore, Position } from '../ports/event-store.port';
import { ReadDocument, ReadStore } from '../ports/read-store.port';
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
/** The consumer's process publishes its processors' health (state, last error) at most this often, and only when it changed. */
const PUBLISH_EVERY_MS = 1000;
/** A published health older than this says nothing any more (its worker may be gone). */
const PUBLISHED_FRESH_MS = 30_000;
const STATUS_COLLECTION = 'log_consumer_status';

type ProcessorHealth = Pick<ProcessorStatus, 'name' | 'state' | 'lastError' | 'failingSince' | 'failures'>;

interface PublishedHealth extends ReadDocument {
  at: number;
  processors: ProcessorHealth[];
}

/**
 * The status of the log consumer, whichever process runs it: the worker attaches its
 * consumer while it runs (lease held); otherwise the committed checkpoints answer.
 */
export class LogConsumerBoard implements LogConsumerStatus {
  private consumer: LogConsumer | null = null;
  private publisher: NodeJS.Timeout | null = null;
  private published = '';
  private publishedAt = 0;
  private defined: Promise<void> | null = null;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly known: ProcessorCheckpoints[],
  ) {}

  attach(consumer: LogConsumer): void {
    this.consumer = consumer;
    // Other processes (an api apart from its worker) see failures through the read store.
    this.publisher ??= setInterval(() => void this.publish().catch(() => undefined), PUBLISH_EVERY_MS);
    this.publisher.unref();
  }

  detach(consumer: LogConsumer): void {
    if (this.consumer !== consumer) return;
    this.consumer = null;
    if (this.publisher) clearInterval(this.publisher);
    this.publisher = null;
  }

  private async publish(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    const processors = (await consumer.status(null)).map(({ name, state, lastError, failingSince, failures }) => ({ name, state, lastError, failingSince, failures }));
    const changed = JSON.stringify(processors);
    const at = Date.now();
    // Unchanged health is written again now and then, so a reader can tell a live report from a stale one.
    if (changed === this.published && at - this.publishedAt < PUBLISHED_FRESH_MS / 3) return;
    await this.defineStatus();
    const doc: PublishedHealth = { id: 'processors', _position: String(at).padStart(16, '0'), at, processors };
    await this.readStore.commit({ writes: [{ collection: STATUS_COLLECTION, doc }] });
    this.published = changed;
    this.publishedAt = at;
  }

  private defineStatus(): Promise<void> {
    this.defined ??= this.readStore.defineCollection(STATUS_COLLECTION, { columns: {}, indexes: [] }).catch((error: unknown) => {
      this.defined = null;
      throw error;
    });
    return this.defined;
  }

  private async publishedHealth(): Promise<Map<string, ProcessorHealth>> {
    await this.defineStatus();
    const doc = await this.readStore.get<PublishedHealth>(STATUS_COLLECTION, 'processors');
    if (!doc || Date.now() - doc.at > PUBLISHED_FRESH_MS) return new Map();
    return new Map(doc.processors.map((p) => [p.name, p]));
  }

  async processors(): Promise<ProcessorStatus[]> {
    const head = await this.eventStore.headPosition();
    if (this.consumer) return this.consumer.status(head);
    const health = await this.publishedHealth();
    return Promise.all(
      this.known.map(async ({ name, checkpoints }) => {
        const checkpoint = await this.lowest(checkpoints);
        const reported = health.get(name);
        return {
          name,
          // As its worker last reported it: a failing processor stays visible from every process.
          state: reported?.state === 'failing' ? ('failing' as const) : ('elsewhere' as const),
          checkpoint,
          position: null,
          head,
          eventsBehind: comparePositions(checkpoint, head) >= 0 ? 0 : eventsBetween(checkpoint, head),
          lastError: reported?.lastError ?? null,
          failingSince: reported?.failingSince ?? null,
          failures: reported?.failures ?? 0,
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
