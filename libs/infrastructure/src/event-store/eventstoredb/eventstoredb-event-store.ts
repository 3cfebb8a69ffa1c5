import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AllSubscription,
  AppendResult,
  chainHash,
  comparePositions,
  hashableJson,
  EventStore,
  ExpectedRevision,
  LogImportTarget,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  WrongExpectedRevisionError,
} from '@ledger/application';
import { fromResolved, toEsdbEvent, toEsdbRecorded } from './event-mapping';
import { fromPosition } from './eventstoredb-positions';

const IDENTITY_STREAM = '$ledger-log-identity';
/** Appends with `any` that lost the race for the stream's end this many times give up with a conflict. */
const ANY_ATTEMPTS = 20;

/** The event log in EventStoreDB (gRPC client 6.x). */
export class EventStoreDbEventStore implements EventStore, LogImportTarget {
  readonly kind = 'eventstoredb';

  private constructor(private readonly client: EventStoreDBClient) {}

  static async connect(url: string): Promise<EventStoreDbEventStore> {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url));
  }

  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const contents = events.map(hashableJson);
    // With `any`, the revision the hashes are chained at is only known by reading the
    // stream's end: append expecting exactly that, and start again if another writer won.
    for (let attempt = 1; ; attempt++) {
      const base = await this.chainBase(stream, expected);
      try {
        let previous = base.hash;
        const chained = events.map((event, i) => {
          const hash = chainHash(previous, { stream, revision: base.revision + 1 + i, id: event.id, type: event.type, ...contents[i] });
          const esdbEvent = toEsdbEvent(event, { hash, previousHash: previous });
          previous = hash;
          return esdbEvent;
        });
        const result = await this.client.appendToStream(stream, chained, { expectedRevision: base.expected });
        const revision = Number(result.nextExpectedRevision);
        // The append answer's position is the transaction's; read back the last event's own.
        const [last] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
        if (!last) throw new Error(`event ${revision} of ${stream} not readable after append`);
        return { nextExpectedRevision: revision, position: last.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expected === 'any' && attempt < ANY_ATTEMPTS) continue;
        const repeat = await this.repeatOf(stream, events, expected);
        if (repeat) return repeat;
        const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no-stream';
        throw new WrongExpectedRevisionError(stream, expected, actual);
      }
    }
  }

  /** Where the appended events join their stream's hash chain, and the expected revision to append with. */
  private async chainBase(stream: string, expected: ExpectedRevision): Promise<{ revision: number; hash: string | null; expected: bigint | typeof NO_STREAM }> {
    if (expected === 'no-stream') return { revision: -1, hash: null, expected: NO_STREAM };
    const [last] =
      expected === 'any'
        ? await this.readStream(stream, { direction: 'backwards', maxCount: 1 })
        : await this.readStream(stream, { fromRevision: expected, maxCount: 1 });
    if (expected !== 'any') return { revision: expected, hash: last?.revision === expected ? last.metadata.hash ?? null : null, expected: BigInt(expected) };
    if (!last) return { revision: -1, hash: null, expected: NO_STREAM };
    return { revision: last.revision, hash: last.metadata.hash ?? null, expected: BigInt(last.revision) };
  }

  /** migrate-log: the events as recorded elsewhere, hashes untouched; a repeat of the same ids is no error. */
  async appendRecorded(stream: string, events: RecordedEvent[], expected: ExpectedRevision): Promise<void> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const expectedRevision = expected === 'no-stream' ? NO_STREAM : expected === 'any' ? ANY : BigInt(expected);
    try {
      await this.client.appendToStream(stream, events.map(toEsdbRecorded), { expectedRevision });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no-stream';
      throw new WrongExpectedRevisionError(stream, expected, actual);
    }
  }

  /** migrate-log: the copied log keeps its identity, unless this log has one already (then that one stays). */
  async adoptLogIdentity(identity: string): Promise<string> {
    const stored = await this.readIdentity();
    if (stored) return stored;
    try {
      await this.client.appendToStream(IDENTITY_STREAM, jsonEvent({ type: 'LogIdentity', data: { identity } }), { expectedRevision: NO_STREAM });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
    return this.logIdentity();
  }

  /** R21: kept in a system stream of its own (never returned by reads of the log), made by the first caller. */
  async logIdentity(): Promise<string> {
    for (;;) {
      const stored = await this.readIdentity();
      if (stored) return stored;
      try {
        await this.client.appendToStream(IDENTITY_STREAM, jsonEvent({ type: 'LogIdentity', data: { identity: randomUUID() } }), { expectedRevision: NO_STREAM });
      } catch (error) {
        // Another process made it first: read theirs.
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
  }

  storedLogIdentity(): Promise<string | null> {
    return this.readIdentity();
  }

  private async readIdentity(): Promise<string | null> {
    let identity: string | null = null;
    try {
      for await (const resolved of this.client.readStream(IDENTITY_STREAM, { direction: FORWARDS, fromRevision: START, maxCount: 1 })) {
        const data = resolved.event?.data as { identity?: unknown } | undefined;
        if (typeof data?.identity === 'string') identity = data.identity;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return identity;
  }

  /** A failed append surfaces as an error; reachability shows on /health through headPosition. */
  async unwritableReason(): Promise<string | null> {
    return null;
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
