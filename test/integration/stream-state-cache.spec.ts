import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogReader, CommandContext, currentEvent, decideAndAppend, EventStore, loadStream, ReadStreamOptions, stateAfter, StreamModel, StreamStateCache } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { SystemClock, UuidIdGenerator } from '@ledger/infrastructure';
import { CATALOG_STREAM, DomainError } from '@ledger/domain';
import { newEvent } from '../contract/event-store.contract';

type Tally = { count: number; last: string | null };
type Counted = { type: 'Counted'; data: { label: string } };
const tally: StreamModel<Tally, Counted> = {
  initialState: { count: 0, last: null },
  evolve: (state, event) => ({ count: state.count + 1, last: event.data.label }),
};
const context: CommandContext = { actor: { userId: 'u', partnerId: 'p', roles: [] }, correlationId: 'c', causationId: null };

/** Records the options of every readStream call on the wrapped store. */
function spyOnReads(store: EventStore): Array<{ stream: string; options?: ReadStreamOptions }> {
  const reads: Array<{ stream: string; options?: ReadStreamOptions }> = [];
  const readStream = store.readStream.bind(store);
  store.readStream = (stream, options) => {
    reads.push({ stream, options });
    return readStream(stream, options);
  };
  return reads;
}

describe('stream state cache of command handlers', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ledger-cache-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const count = (store: EventStore, label: string) =>
    decideAndAppend(
      { eventStore: store, clock: new SystemClock(), ids: new UuidIdGenerator() },
      { stream: 'tally-1', model: tally, context, decide: (): Counted[] => [{ type: 'Counted', data: { label } }] },
    );

  it('decides from the cached state without reading the stream, and never reads back what it appended', async () => {
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    const reads = spyOnReads(store);
    await count(store, 'one');
    await count(store, 'two');
    const third = await count(store, 'three');
    expect(reads).toEqual([{ stream: 'tally-1', options: {} }]);
    expect(third.state).toEqual({ count: 3, last: 'three' });
    expect(third.revision).toBe(2);
    await store.close();
  });

  it('catches up with an append made by another process: the stale append conflicts, then only the events after the cached revision are read', async () => {
    const file = join(dir, 'events.db');
    const ours = SqliteEventStore.open(file);
    const theirs = SqliteEventStore.open(file);
    await count(ours, 'ours-1');
    await theirs.append('tally-1', [newEvent('Counted', { label: 'theirs' })], 0);
    const reads = spyOnReads(ours);
    const seen: Tally[] = [];
    const result = await decideAndAppend(
      { eventStore: ours, clock: new SystemClock(), ids: new UuidIdGenerator() },
      {
        stream: 'tally-1',
        model: tally,
        context,
        decide: (state): Counted[] => {
          seen.push(state);
          return [{ type: 'Counted', data: { label: 'ours-2' } }];
        },
      },
    );
    expect(seen).toEqual([{ count: 1, last: 'ours-1' }, { count: 2, last: 'theirs' }]);
    expect(reads.map((r) => r.options?.fromRevision)).toEqual([1]);
    expect(result.revision).toBe(2);
    expect((await ours.readStream('tally-1')).map((e) => e.data.label)).toEqual(['ours-1', 'theirs', 'ours-2']);
    await Promise.all([ours.close(), theirs.close()]);
  });

  it('a refusal decided from the cached state is decided again on a fresh read before it is answered', async () => {
    const file = join(dir, 'events.db');
    const ours = SqliteEventStore.open(file);
    const theirs = SqliteEventStore.open(file);
    await count(ours, 'ours-1');
    await theirs.append('tally-1', [newEvent('Counted', { label: 'unlock' })], 0);
    const result = await decideAndAppend(
      { eventStore: ours, clock: new SystemClock(), ids: new UuidIdGenerator() },
      {
        stream: 'tally-1',
        model: tally,
        context,
        decide: (state): Counted[] => {
          if (state.last !== 'unlock') throw new DomainError('locked', 'the tally is locked');
          return [{ type: 'Counted', data: { label: 'after-unlock' } }];
        },
      },
    );
    expect(result.state).toEqual({ count: 3, last: 'after-unlock' });
    await Promise.all([ours.close(), theirs.close()]);
  });

  it('an empty decision from the cached state is confirmed on a fresh read before it is answered', async () => {
    const file = join(dir, 'events.db');
    const ours = SqliteEventStore.open(file);
    const theirs = SqliteEventStore.open(file);
    await count(ours, 'ours-1');
    await theirs.append('tally-1', [newEvent('Counted', { label: 'theirs' })], 0);
    const result = await decideAndAppend(
      { eventStore: ours, clock: new SystemClock(), ids: new UuidIdGenerator() },
      { stream: 'tally-1', model: tally, context, decide: (state): Counted[] => (state.count >= 2 ? [] : [{ type: 'Counted', data: { label: 'second' } }]) },
    );
    // Fresh, the tally already had two: nothing to do, and the answer shows the fresh state.
    expect(result.appended).toEqual([]);
    expect(result.state).toEqual({ count: 2, last: 'theirs' });
    expect(result.revision).toBe(1);
    await Promise.all([ours.close(), theirs.close()]);
  });

  it('a stale cached state never writes: the expected revision refuses it and the decision is made again', async () => {
    const file = join(dir, 'events.db');
    const ours = SqliteEventStore.open(file);
    const theirs = SqliteEventStore.open(file);
    await count(ours, 'ours-1');
    const decisions: Tally[] = [];
    await decideAndAppend(
      { eventStore: ours, clock: new SystemClock(), ids: new UuidIdGenerator() },
      {
        stream: 'tally-1',
        model: tally,
        context,
        decide: async (state, _now, revision): Promise<Counted[]> => {
          decisions.push(state);
          // Another process appends between our read and our append.
          if (decisions.length === 1) await theirs.append('tally-1', [newEvent('Counted', { label: 'theirs' })], revision ?? 'no-stream');
          return [{ type: 'Counted', data: { label: 'ours-2' } }];
        },
      },
    );
    expect(decisions).toEqual([{ count: 1, last: 'ours-1' }, { count: 2, last: 'theirs' }]);
    expect((await ours.readStream('tally-1')).map((e) => e.data.label)).toEqual(['ours-1', 'theirs', 'ours-2']);
    await Promise.all([ours.close(), theirs.close()]);
  });

  it('is bounded: the least recently used stream goes first', () => {
    const cache = new StreamStateCache(2);
    const entry = (revision: number) => ({ model: tally, state: { count: revision + 1, last: null }, revision, position: String(revision) });
    cache.remember('a', entry(0));
    cache.remember('b', entry(0));
    cache.get('a', tally);
    cache.remember('c', entry(0));
    expect(cache.get('b', tally)).toBeNull();
    expect(cache.get('a', tally)).not.toBeNull();
    expect(cache.get('c', tally)).not.toBeNull();
    cache.remember('a', entry(5));
    cache.remember('a', entry(3)); // an older fold arriving late does not replace a newer one
    expect(cache.get('a', tally)?.revision).toBe(5);
  });

  it('a new stream (an id made for the command) is decided without a read; if it was written after all, the append conflicts and the next attempt reads', async () => {
    const file = join(dir, 'events.db');
    const ours = SqliteEventStore.open(file);
    const theirs = SqliteEventStore.open(file);
    const reads = spyOnReads(ours);
    const create = (stream: string) =>
      decideAndAppend(
        { eventStore: ours, clock: new SystemClock(), ids: new UuidIdGenerator() },
        { stream, model: tally, context, newStream: true, decide: (state): Counted[] => [{ type: 'Counted', data: { label: `after ${state.count}` } }] },
      );
    expect((await create('fresh-1')).revision).toBe(0);
    expect(reads).toEqual([]);
    await theirs.append('fresh-2', [newEvent('Counted', { label: 'theirs' })], 'no-stream');
    const second = await create('fresh-2');
    expect(reads).toEqual([{ stream: 'fresh-2', options: {} }]);
    expect((await ours.readStream('fresh-2')).map((e) => e.data.label)).toEqual(['theirs', 'after 1']);
    expect(second.revision).toBe(1);
    await Promise.all([ours.close(), theirs.close()]);
  });

  it("the catalog reader reads only what was published after its cached fold, and sees another process's publication", async () => {
    const file = join(dir, 'events.db');
    const ours = SqliteEventStore.open(file);
    const theirs = SqliteEventStore.open(file);
    const published = (id: string) => newEvent('OfferPublished', { offer: { id } });
    await theirs.append(CATALOG_STREAM, [published('a'), published('b')], 'no-stream');
    const catalog = new CatalogReader(ours);
    const reads = spyOnReads(ours);
    expect([...(await catalog.offers()).keys()]).toEqual(['a', 'b']);
    expect([...(await catalog.offers()).keys()]).toEqual(['a', 'b']);
    await theirs.append(CATALOG_STREAM, [published('c')], 1);
    expect([...(await catalog.offers()).keys()]).toEqual(['a', 'b', 'c']);
    expect(reads.map((r) => r.options?.fromRevision)).toEqual([undefined, 2, 2]);
    await Promise.all([ours.close(), theirs.close()]);
  });
  it("a follower of the log (another process's appends, met in turn) evolves its cached state by each event instead of reading the stream", async () => {
    const file = join(dir, 'events.db');
    const writer = SqliteEventStore.open(file);
    const follower = SqliteEventStore.open(file);
    for (const label of ['a', 'b', 'c']) await writer.append('tally-1', [newEvent('Counted', { label })], 'any');
    const reads = spyOnReads(follower);
    const logged = (await follower.readStream('tally-1')).map(currentEvent);
    reads.length = 0;
    // Nothing cached: read; then each next event evolves the cache.
    expect(await stateAfter(follower, logged[0], tally)).toEqual({ count: 3, last: 'c' });
    await writer.append('tally-1', [newEvent('Counted', { label: 'd' })], 2);
    const [d] = (await follower.readStream('tally-1', { fromRevision: 3 })).map(currentEvent);
    reads.length = 0;
    expect(await stateAfter(follower, d, tally)).toEqual({ count: 4, last: 'd' });
    // Covered already: the cached state as it is.
    expect(await stateAfter(follower, logged[1], tally)).toEqual({ count: 4, last: 'd' });
    expect(reads).toEqual([]);
    // A gap (an event not met): read what follows the cache.
    await writer.append('tally-1', [newEvent('Counted', { label: 'e' }), newEvent('Counted', { label: 'f' })], 3);
    const [, f] = (await follower.readStream('tally-1', { fromRevision: 4 })).map(currentEvent);
    reads.length = 0;
    expect(await stateAfter(follower, f, tally)).toEqual({ count: 6, last: 'f' });
    expect(reads).toEqual([{ stream: 'tally-1', options: { fromRevision: 4 } }]);
    await Promise.all([writer.close(), follower.close()]);
  });
});
