import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewEvent, ProjectionRunner, ReadStore, ReadStoreProjectionMonitor } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { countingProjection, CountDocument } from '../support/counting-projection';
import { OpenedReadStore, READ_STORE_ADAPTERS } from '../support/read-store-adapters';

function counted(seq: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'Counted',
    data: { seq },
    metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt: '2026-01-01T00:00:00.000Z', schema: 1 },
  };
}

describe.each(READ_STORE_ADAPTERS)('projection runner ($name read store)', ({ open }) => {
  let dir: string;
  let events: SqliteEventStore;
  let opened: OpenedReadStore;
  let reads: ReadStore;
  const projection = countingProjection();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-runner-'));
    events = SqliteEventStore.open(join(dir, 'events.db'));
    opened = await open();
    reads = opened.store;
  });
  afterEach(async () => {
    await Promise.all([events.close(), opened.cleanup()]);
    await rm(dir, { recursive: true, force: true });
  });

  async function seed(streams: number, perStream: number, offset = 0) {
    let seq = offset;
    for (let s = 0; s < streams; s++) {
      await events.append(`counted-${s}`, Array.from({ length: perStream }, () => counted(++seq)), 'any');
    }
  }

  it('catches up in batches: one commit (documents + checkpoint) per batch', async () => {
    await seed(10, 100);
    const commit = jest.spyOn(reads, 'commit');
    await new ProjectionRunner({ eventStore: events, readStore: reads, projections: [projection], batchSize: 100 }).catchUp();
    expect(commit).toHaveBeenCalledTimes(10);
    expect(commit.mock.calls.every(([batch]) => batch.checkpoints?.[0]?.name === 'counting.v1')).toBe(true);
    expect(await reads.getCheckpoint('counting.v1')).toBe(await events.headPosition());
    expect((await reads.get<CountDocument>('counting', 'counted-3'))?.count).toBe(100);
  });

  it('restarts from its checkpoint without applying anything twice', async () => {
    await seed(2, 50);
    await new ProjectionRunner({ eventStore: events, readStore: reads, projections: [projection] }).catchUp();
    await seed(1, 5, 100);
    const evolve = jest.spyOn(projection, 'evolve');
    await new ProjectionRunner({ eventStore: events, readStore: reads, projections: [projection] }).catchUp();
    expect(evolve).toHaveBeenCalledTimes(5);
    expect((await reads.get<CountDocument>('counting', 'counted-0'))?.count).toBe(55);
    evolve.mockRestore();
  });

  it('ignores an event redelivered at or before a document position (checkpoint lost)', async () => {
    await seed(1, 3);
    await new ProjectionRunner({ eventStore: events, readStore: reads, projections: [projection] }).catchUp();
    await reads.drop([], ['counting.v1']); // the checkpoint is gone; the documents are not
    await new ProjectionRunner({ eventStore: events, readStore: reads, projections: [projection] }).catchUp();
    expect(await reads.get<CountDocument>('counting', 'counted-0')).toMatchObject({ count: 3, sum: 6 });
  });

  it('follows live appends after catch-up, and the monitor reports the lag', async () => {
    await seed(1, 2);
    const runner = new ProjectionRunner({ eventStore: events, readStore: reads, projections: [projection] });
    const monitor = new ReadStoreProjectionMonitor(events, reads, [{ name: 'counting', checkpoint: 'counting.v1' }]);
    await runner.start();
    const appended = await events.append('counted-9', [counted(10)], 'no-stream');
    expect(await monitor.waitFor(appended.position, 5000)).toBe(true);
    expect(await reads.get<CountDocument>('counting', 'counted-9')).toMatchObject({ count: 1, sum: 10 });
    expect(await monitor.lag()).toEqual([{ projection: 'counting', checkpoint: appended.position, head: appended.position, caughtUp: true }]);
    await runner.stop();
    const later = await events.append('counted-9', [counted(11)], 0);
    expect(await monitor.waitFor(later.position, 100)).toBe(false);
    expect((await monitor.lag())[0].caughtUp).toBe(false);
  });
});

describe.each(READ_STORE_ADAPTERS)('projection runner, rebuild mode with a small cache ($name read store)', ({ open }) => {
  it('writes back every document that leaves the cache: the result equals a plain catch-up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-runner-'));
    const events = SqliteEventStore.open(join(dir, 'events.db'));
    const opened = await open();
    const reads = opened.store;
    // Streams interleaved, so documents leave the 4-document cache between their events.
    let seq = 0;
    for (let round = 0; round < 20; round++) for (let s = 0; s < 15; s++) await events.append(`counted-${s}`, [counted(++seq)], 'any');
    const projection = countingProjection();
    await new ProjectionRunner({ eventStore: events, readStore: reads, projections: [projection] }).catchUp();
    await reads.defineCollection('aside', projection.schema, { deferIndexes: true });
    const runner = new ProjectionRunner({ eventStore: events, readStore: reads, projections: [projection], batchSize: 7, cachedDocuments: 4 });
    await runner.catchUpTargets([{ projection, collection: 'aside', checkpointName: 'aside', checkpoint: null }], { rebuild: true });
    const all = async (collection: string) => (await reads.find<CountDocument>(collection, {}, { limit: 100 })).items;
    expect(await all('aside')).toEqual(await all('counting'));
    expect((await all('aside')).every((doc) => doc.count === 20)).toBe(true);
    expect(await reads.counters('aside', 'total')).toEqual(await reads.counters('counting', 'total'));
    await Promise.all([events.close(), opened.cleanup()]);
    await rm(dir, { recursive: true, force: true });
  });
});
