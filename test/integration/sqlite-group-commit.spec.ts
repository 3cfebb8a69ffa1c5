import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WrongExpectedRevisionError } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { newEvent } from '../contract/event-store.contract';

describe('SQLite group commit: appends of one turn share a transaction, each with its own outcome', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-group-'));
    store = SqliteEventStore.open(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('two concurrent appends to one stream in one group commit: one wins, the other conflicts, the group\'s other appends commit', async () => {
    await store.append('hot', [newEvent('Created')], 'no-stream');
    const before = store.commits;
    // Issued in the same turn: one group, one transaction.
    const [first, second, other, third] = await Promise.allSettled([
      store.append('hot', [newEvent('Mine')], 0),
      store.append('hot', [newEvent('Theirs')], 0),
      store.append('cold', [newEvent('Elsewhere')], 'no-stream'),
      store.appendMany([{ stream: 'cool', events: [newEvent('C0'), newEvent('C1')], expected: 'no-stream' }]),
    ]);
    expect(store.commits - before).toBe(1);
    expect(first).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1 } });
    expect(second.status).toBe('rejected');
    const conflict = (second as PromiseRejectedResult).reason;
    expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
    expect(conflict).toMatchObject({ stream: 'hot', expected: 0, actual: 1 });
    expect(other).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
    expect(third).toMatchObject({ status: 'fulfilled' });
    expect((await store.readStream('hot')).map((e) => e.type)).toEqual(['Created', 'Mine']);
    expect(await store.readStream('cold')).toHaveLength(1);
    expect(await store.readStream('cool')).toHaveLength(2);
  });

  it('a failed appendMany in a group undoes all of its own appends and none of the others\'', async () => {
    await store.append('taken', [newEvent('First')], 'no-stream');
    const [many, single] = await Promise.allSettled([
      store.appendMany([
        { stream: 'fresh', events: [newEvent('F0')], expected: 'no-stream' },
        { stream: 'taken', events: [newEvent('Again')], expected: 'no-stream' },
      ]),
      store.append('bystander', [newEvent('B0')], 'no-stream'),
    ]);
    expect(many.status).toBe('rejected');
    expect((many as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(single.status).toBe('fulfilled');
    expect(await store.readStream('fresh')).toEqual([]);
    expect(await store.readStream('bystander')).toHaveLength(1);
  });

  it('an append whose data cannot be stored fails alone; the rest of its group commits', async () => {
    const [bad, good] = await Promise.allSettled([
      store.append('unserialisable', [newEvent('Bad', { amount: BigInt(1) as unknown as number })], 'no-stream'),
      store.append('fine', [newEvent('Good')], 'no-stream'),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good.status).toBe('fulfilled');
    expect(await store.readStream('unserialisable')).toEqual([]);
  });

  it('the same append twice in one group is stored once and both get the first result (a repeat)', async () => {
    const events = [newEvent('Once'), newEvent('Only')];
    const [a, b] = await Promise.all([store.append('twice', events, 'no-stream'), store.append('twice', events, 'no-stream')]);
    expect(b).toEqual(a);
    expect(await store.readStream('twice')).toHaveLength(2);
  });

  it('a burst of 300 appends on 300 streams commits in a handful of transactions, all acknowledged', async () => {
    const before = store.commits;
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => store.append(`burst-${i}`, [newEvent('N', { i })], 'no-stream')));
    expect(results.every((r) => r.nextExpectedRevision === 0)).toBe(true);
    expect(store.commits - before).toBeLessThanOrEqual(3);
    const positions = results.map((r) => r.position);
    expect(new Set(positions).size).toBe(300);
  });

  it('close commits what is still queued before closing the file', async () => {
    const pending = store.append('late', [newEvent('JustInTime')], 'no-stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0 });
    store = SqliteEventStore.open(join(dir, 'events.db'));
    expect(await store.readStream('late')).toHaveLength(1);
  });
});
