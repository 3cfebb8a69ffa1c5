import { randomUUID } from 'node:crypto';
import { comparePositions, EventStore, expectedHash, NewEvent, RecordedEvent, verifyLog, WrongExpectedRevisionError } from '@ledger/application';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

export function newEvent(type = 'Something', data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      correlationId: randomUUID(),
      causationId: null,
      actor: { userId: 'u-1', partnerId: 'p-1', roles: ['admin-agent'] },
      occurredAt: '2026-01-31T09:00:00.000Z',
      schema: 1,
    },
  };
}

async function collect(iterable: AsyncIterable<RecordedEvent[]>): Promise<RecordedEvent[][]> {
  const batches: RecordedEvent[][] = [];
  for await (const batch of iterable) batches.push(batch);
  return batches;
}

/**
 * One behaviour, every adapter. A null factory means the adapter's server is not
 * configured here: the suite reports itself as skipped, never as passed.
 */
export function describeEventStoreContract(adapter: string, factory: EventStoreFactory | null, skipReason = 'not configured'): void {
  if (!factory) {
    describe(`EventStore contract: ${adapter}`, () => {
      // Written as the file is collected: Jest runs no hook of a suite whose tests are all
      // skipped, and shows no console output of such a file when several files run.
      process.stderr.write(`SKIPPED: EventStore contract for ${adapter}: ${skipReason}\n`);
      it.skip(`SKIPPED: ${skipReason}`, () => undefined);
    });
    return;
  }

  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    const stream = (name = 'test') => `${name}-${randomUUID()}`;

    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    });
    afterAll(() => cleanup());

    it('appends to a new stream with no-stream and numbers revisions from 0', async () => {
      const s = stream();
      const result = await store.append(s, [newEvent('A'), newEvent('B')], 'no-stream');
      expect(result.nextExpectedRevision).toBe(1);
      const events = await store.readStream(s);
      expect(events.map((e) => [e.type, e.revision])).toEqual([['A', 0], ['B', 1]]);
      expect(result.position).toBe(events[1].position);
    });

    it('appends at an exact revision and with any', async () => {
      const s = stream();
      await store.append(s, [newEvent('A')], 'no-stream');
      await store.append(s, [newEvent('B')], 0);
      const any = await store.append(s, [newEvent('C')], 'any');
      expect(any.nextExpectedRevision).toBe(2);
    });

    it('refuses a wrong expected revision with WrongExpectedRevisionError naming both revisions', async () => {
      const s = stream();
      await store.append(s, [newEvent('A'), newEvent('B')], 'no-stream');
      const conflict = store.append(s, [newEvent('C')], 0);
      await expect(conflict).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(s, [newEvent('C')], 0)).rejects.toMatchObject({ expected: 0, actual: 1 });
      await expect(store.append(s, [newEvent('C')], 'no-stream')).rejects.toMatchObject({ actual: 1 });
      await expect(store.append(stream(), [newEvent('C')], 3)).rejects.toMatchObject({ actual: 'no-stream' });
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('recognises a repeated append (same ids at the same revision) and stores nothing twice', async () => {
      const s = stream();
      const events = [newEvent('A'), newEvent('B')];
      const first = await store.append(s, events, 'no-stream');
      const again = await store.append(s, events, 'no-stream');
      expect(again).toEqual(first);
      const next = [newEvent('C')];
      const third = await store.append(s, next, 1);
      expect(await store.append(s, next, 1)).toEqual(third);
      expect(await store.readStream(s)).toHaveLength(3);
    });

    it('round-trips the whole envelope', async () => {
      const s = stream();
      const event = newEvent('CustomerCreated', { name: 'Contoso', nested: { n: 1 }, list: [1, 'a'] });
      event.metadata.causationId = randomUUID();
      event.metadata.effectiveAt = '2026-01-30T00:00:00.000Z';
      await store.append(s, [event], 'no-stream');
      const [read] = await store.readStream(s);
      const chain = { hash: expect.stringMatching(/^[0-9a-f]{64}$/), previousHash: null };
      expect(read).toEqual({ ...event, metadata: { ...event.metadata, ...chain }, stream: s, revision: 0, position: expect.any(String) });
    });

    it('reads a stream forwards and backwards, from a revision, with a maximum count', async () => {
      const s = stream();
      await store.append(s, ['A', 'B', 'C', 'D'].map((t) => newEvent(t)), 'no-stream');
      const types = (events: RecordedEvent[]) => events.map((e) => e.type);
      expect(types(await store.readStream(s))).toEqual(['A', 'B', 'C', 'D']);
      expect(types(await store.readStream(s, { direction: 'backwards' }))).toEqual(['D', 'C', 'B', 'A']);
      expect(types(await store.readStream(s, { fromRevision: 2 }))).toEqual(['C', 'D']);
      expect(types(await store.readStream(s, { direction: 'backwards', fromRevision: 1 }))).toEqual(['B', 'A']);
      expect(types(await store.readStream(s, { maxCount: 2 }))).toEqual(['A', 'B']);
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('reads $all in position order, in batches, strictly after a position', async () => {
      const start = await store.headPosition();
      const s = stream();
      for (let i = 0; i < 7; i++) await store.append(s, [newEvent('N', { i })], i === 0 ? 'no-stream' : i - 1);
      const batches = await collect(store.readAll({ after: start, batchSize: 3 }));
      const mine = batches.flat().filter((e) => e.stream === s);
      expect(mine.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(batches.every((b) => b.length <= 3)).toBe(true);
      const positions = batches.flat().map((e) => e.position);
      positions.slice(1).forEach((p, i) => expect(comparePositions(positions[i], p)).toBe(-1));
      const afterThird = await collect(store.readAll({ after: mine[2].position, batchSize: 100 }));
      expect(afterThird.flat().filter((e) => e.stream === s).map((e) => e.data.i)).toEqual([3, 4, 5, 6]);
      expect(await store.headPosition()).toBe(mine[6].position);
    });

    it('subscribes to $all: catches up, follows live appends, and stops on close', async () => {
      const start = await store.headPosition();
      const s = stream();
      await store.append(s, [newEvent('Before')], 'no-stream');
      const subscription = store.subscribeToAll({ after: start });
      const seen: string[] = [];
      const done = (async () => {
        for await (const event of subscription) {
          if (event.stream !== s) continue;
          seen.push(event.type);
          if (seen.length === 3) await subscription.close();
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.append(s, [newEvent('Live1')], 0);
      await store.append(s, [newEvent('Live2')], 1);
      await done;
      expect(seen).toEqual(['Before', 'Live1', 'Live2']);
    });

    it('appendMany appends to several streams, each at its expected revision, and answers in order', async () => {
      const [a, b] = [stream('many'), stream('many')];
      await store.append(a, [newEvent('A0')], 'no-stream');
      const results = await store.appendMany([
        { stream: a, events: [newEvent('A1'), newEvent('A2')], expected: 0 },
        { stream: b, events: [newEvent('B0')], expected: 'no-stream' },
      ]);
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([2, 0]);
      const [readA, readB] = [await store.readStream(a), await store.readStream(b)];
      expect(readA.map((e) => e.type)).toEqual(['A0', 'A1', 'A2']);
      expect(results[0].position).toBe(readA[2].position);
      expect(results[1].position).toBe(readB[0].position);
      expect(comparePositions(results[0].position, results[1].position)).toBe(-1);
    });

    it('appendMany rejects with WrongExpectedRevisionError on a conflict and writes nothing after it', async () => {
      const [a, b, c] = [stream('many'), stream('many'), stream('many')];
      await store.append(b, [newEvent('B0')], 'no-stream');
      const attempt = store.appendMany([
        { stream: a, events: [newEvent('A0')], expected: 'no-stream' },
        { stream: b, events: [newEvent('B1')], expected: 5 },
        { stream: c, events: [newEvent('C0')], expected: 'no-stream' },
      ]);
      await expect(attempt).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', stream: b, actual: 0 });
      expect(await store.readStream(b)).toHaveLength(1);
      expect(await store.readStream(c)).toEqual([]);
    });

    it('appendMany recognises a repeat of the whole call (same ids, same revisions)', async () => {
      const [a, b] = [stream('many'), stream('many')];
      const appends = [
        { stream: a, events: [newEvent('A0')], expected: 'no-stream' as const },
        { stream: b, events: [newEvent('B0'), newEvent('B1')], expected: 'no-stream' as const },
      ];
      const first = await store.appendMany(appends);
      expect(await store.appendMany(appends)).toEqual(first);
      expect(await store.readStream(b)).toHaveLength(2);
    });

    it('lets exactly one of 20 concurrent appends at the same expected revision win', async () => {
      const s = stream();
      await store.append(s, [newEvent('A')], 'no-stream');
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => store.append(s, [newEvent('B')], 0)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected.every((r) => r.reason instanceof WrongExpectedRevisionError)).toBe(true);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('R21: every event carries a hash of its content chained to the previous event of its stream', async () => {
      const s = stream('chain');
      await store.append(s, [newEvent('A', { n: 1, nested: { b: 2, a: [1, 'x'] } }), newEvent('B')], 'no-stream');
      await store.append(s, [newEvent('C', { effective: true })], 1);
      await store.append(s, [newEvent('D')], 'any');
      await store.appendMany([{ stream: s, events: [newEvent('E')], expected: 3 }]);
      const events = await store.readStream(s);
      expect(events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
      let previous: string | null = null;
      for (const event of events) {
        expect(event.metadata.previousHash).toBe(previous);
        expect(event.metadata.hash).toBe(expectedHash(event, previous));
        previous = event.metadata.hash ?? null;
      }
      expect(new Set(events.map((e) => e.metadata.hash)).size).toBe(5);
    });

    it('R21: hash fields set by the caller are replaced by the store, and an edited event no longer matches its hash', async () => {
      const s = stream('chain');
      const forged = newEvent('A', { amount: 10 });
      forged.metadata = { ...forged.metadata, hash: 'f'.repeat(64), previousHash: 'e'.repeat(64) };
      await store.append(s, [forged], 'no-stream');
      const [stored] = await store.readStream(s);
      expect(stored.metadata.previousHash).toBeNull();
      expect(stored.metadata.hash).toBe(expectedHash(stored, null));
      expect(expectedHash({ ...stored, data: { amount: 11 } }, null)).not.toBe(stored.metadata.hash);
      expect(expectedHash({ ...stored, metadata: { ...stored.metadata, actor: { ...stored.metadata.actor, userId: 'someone-else' } } }, null)).not.toBe(stored.metadata.hash);
    });

    it('R21: every chain of the log verifies', async () => {
      await store.append(stream('chain'), [newEvent('A'), newEvent('B')], 'no-stream');
      const report = await verifyLog(store);
      expect(report.checked).toBeGreaterThan(10);
      expect(report).toMatchObject({ broken: 0, first: null, unhashed: 0 });
    });

    it('R21: has one identity, the same on every call', async () => {
      const identity = await store.logIdentity();
      expect(identity).toMatch(/^[0-9a-f-]{36}$/);
      expect(await store.logIdentity()).toBe(identity);
    });

    it('takes writes (unwritableReason is null) while its storage is fine', async () => {
      expect(await store.unwritableReason()).toBeNull();
    });
  });
}
