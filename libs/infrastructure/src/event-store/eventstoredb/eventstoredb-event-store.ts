import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AllSubscription,
  AppendResult,
  comparePositions,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  WrongExpectedRevisionError,
} from '@ledger/application';
import { fromResolved, toEsdbEvent } from './event-mapping';
import { fromPosition } from './eventstoredb-positions';

/** The event log in EventStoreDB (gRPC client 6.x). */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb';

  private constructor(private readonly client: EventStoreDBClient) {}

  static async connect(url: string): Promise<EventStoreDbEventStore> {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url));
  }

  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const expectedRevision = expected === 'no-stream' ? NO_STREAM : expected === 'any' ? ANY : BigInt(expected);
    try {
      const result = await this.client.appendToStream(stream, events.map(toEsdbEvent), { expectedRevision });
      const revision = Number(result.nextExpectedRevision);
      // The append answer's position is the transaction's; read back the last event's own.
      const [last] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
      if (!last) throw new Error(`event ${revision} of ${stream} not readable after append`);
      return { nextExpectedRevision: revision, position: last.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const repeat = await this.repeatOf(stream, events, expected);
      if (repeat) return repeat;
      const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no-stream';
      throw new WrongExpectedRevisionError(stream, expected, actual);
    }
  }

  /** The same ids already stored right after `expected`: a retried append. */
  /** No multi-stream transactions in the 6.x client: one append after the other, stopping at the first failure. */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const { stream, events, expected } of appends) results.push(await this.append(stream, events, expected));
    return results;
  }

  private async repeatOf(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult | null> {
    const first = expected === 'no-stream' ? 0 : typeof expected === 'number' ? expected + 1 : null;
    if (first === null) return null;
    const stored = await this.readStream(stream, { fromRevision: first, maxCount: events.length });
    if (stored.length !== events.length || !stored.every((e, i) => e.id === events[i].id)) return null;
    const last = stored[stored.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      })) {
        const event = fromResolved(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent[]> {
    const batchSize = options.batchSize ?? 500;
    let after = options.after ?? null;
    for (;;) {
      const batch: RecordedEvent[] = [];
      // fromPosition is inclusive: ask for one more and drop the event at `after`. The page
      // is read to its end (never `break`): an abandoned gRPC stream is never released.
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: after ? fromPosition(after) : START,
        maxCount: batchSize + 1,
      })) {
        const event = fromResolved(resolved);
        if (event && comparePositions(event.position, after) > 0 && batch.length < batchSize) batch.push(event);
      }
      if (batch.length === 0) return;
      yield batch;
      after = batch[batch.length - 1].position;
      if (batch.length < batchSize) {
        // System events may have filled the page: only stop when the log has nothing after.
        const head = await this.headPosition();
        if (comparePositions(head, after) <= 0) return;
      }
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): AllSubscription {
    const after = options.after ?? null;
    const subscription = this.client.subscribeToAll({
      fromPosition: after ? fromPosition(after) : START,
      filter: excludeSystemEvents(),
    });
    return {
      close: async () => {
        await subscription.unsubscribe();
      },
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription) {
          const event = fromResolved(resolved);
          if (event && comparePositions(event.position, after) > 0) yield event;
        }
      },
    };
  }

  async headPosition(): Promise<Position | null> {
    let head: Position | null = null;
    // Read the whole (small) page: returning mid-iteration would leave the gRPC stream open.
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 50 })) {
      const event = fromResolved(resolved);
      if (event && head === null) head = event.position;
    }
    return head;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
