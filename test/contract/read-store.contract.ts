import { randomUUID } from 'node:crypto';
import { CollectionSchema, DocumentWrite, Filter, InvalidQueryError, ReadDocument, ReadStore, Scalar } from '@ledger/application';

export interface ReadStoreUnderTest {
  store: ReadStore;
  /** Another instance on the same storage (as a second process would open it). */
  another(): Promise<ReadStore>;
  /** 'expiring': leases lapse after their ttl; 'process': an OS lock that lasts as long as its holder's process. */
  leases: 'expiring' | 'process';
  cleanup(): Promise<void>;
}

export type ReadStoreFactory = () => Promise<ReadStoreUnderTest>;

const pos = (n: number) => String(n).padStart(16, '0');

const SCHEMA: CollectionSchema = {
  columns: { partnerId: 'text', status: 'text', n: 'integer', trial: 'integer', createdAt: 'text', cancelAt: 'text' },
  indexes: [['partnerId', 'createdAt'], ['partnerId', 'status', 'createdAt'], ['n']],
};

type Fields = { partnerId?: string; status?: string; n?: number; trial?: boolean; createdAt?: string; cancelAt?: string | null; [more: string]: unknown };

function write(collection: string, id: string, position: number, fields: Fields = {}, counters?: DocumentWrite['counters']): DocumentWrite {
  const doc: ReadDocument = { id, _position: pos(position), ...fields };
  const columns: Record<string, Scalar> = {};
  for (const column of Object.keys(SCHEMA.columns)) columns[column] = (fields[column] as Scalar | undefined) ?? null;
  return { collection, doc, columns, counters };
}

/** One behaviour, every adapter; a null factory reports the suite as skipped. */
export function describeReadStoreContract(adapter: string, factory: ReadStoreFactory | null, skipReason = 'not configured'): void {
  if (!factory) {
    describe(`ReadStore contract: ${adapter}`, () => {
      // Written as the file is collected: Jest runs no hook of a suite whose tests are all
      // skipped, and shows no console output of such a file when several files run.
      process.stderr.write(`SKIPPED: ReadStore contract for ${adapter}: ${skipReason}\n`);
      it.skip(`SKIPPED: ${skipReason}`, () => undefined);
    });
    return;
  }

  describe(`ReadStore contract: ${adapter}`, () => {
    let store: ReadStore;
    let other: ReadStore;
    let leases: ReadStoreUnderTest['leases'];
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const underTest = await factory();
      ({ store, leases, cleanup } = underTest);
      other = await underTest.another();
    });
    afterAll(async () => {
      await other.close();
      await cleanup();
    });

    async function collection(options: { deferIndexes?: boolean } = {}): Promise<string> {
      const name = `t_${randomUUID().replace(/-/g, '')}`;
      await store.defineCollection(name, SCHEMA, options);
      return name;
    }

    async function seeded(): Promise<string> {
      const c = await collection();
      await store.commit({
        writes: [
          write(c, 'a', 1, { partnerId: 'p1', status: 'active', n: 3, trial: true, createdAt: '2026-01-01', nested: { publisher: 'microsoft' } }),
          write(c, 'b', 2, { partnerId: 'p1', status: 'suspended', n: 1, trial: false, createdAt: '2026-01-03' }),
          write(c, 'c', 3, { partnerId: 'p1', status: 'active', n: 2, trial: false, createdAt: '2026-01-02', cancelAt: '2026-02-01' }),
          write(c, 'd', 4, { partnerId: 'p2', status: 'cancelled', n: 5, trial: false, createdAt: '2026-01-03', cancelAt: null }),
          write(c, 'e', 5, { partnerId: 'p1', status: 'active', n: 4, trial: false, createdAt: '2026-01-03', cancelAt: null }),
        ],
      });
      return c;
    }

    const ids = async (c: string, filter: Filter) => (await store.find(c, filter, { limit: 100 })).items.map((d) => d.id).sort();

    it('gets one and many documents as written; missing ones are absent, not errors', async () => {
      const c = await seeded();
      expect(await store.get(c, 'a')).toEqual({ id: 'a', _position: pos(1), partnerId: 'p1', status: 'active', n: 3, trial: true, createdAt: '2026-01-01', nested: { publisher: 'microsoft' } });
      expect(await store.get(c, 'zz')).toBeNull();
      expect((await store.getMany(c, ['a', 'c', 'zz'])).map((d) => d.id).sort()).toEqual(['a', 'c']);
      const undefinedCollection = `t_${randomUUID().replace(/-/g, '')}`;
      expect(await store.get(undefinedCollection, 'a')).toBeNull();
      expect(await store.find(undefinedCollection, {})).toEqual({ items: [], nextCursor: null });
    });

    it('replaces whole documents and guards on _position (older or equal writes are not applied)', async () => {
      const c = await collection();
      expect(await store.commit({ writes: [write(c, 'x', 5, { status: 'a', gone: true })] })).toEqual({ applied: 1 });
      expect(await store.commit({ writes: [write(c, 'x', 5, { status: 'b' })] })).toEqual({ applied: 0 });
      expect(await store.commit({ writes: [write(c, 'x', 4, { status: 'c' })] })).toEqual({ applied: 0 });
      expect(await store.get(c, 'x')).toMatchObject({ status: 'a' });
      expect(await ids(c, { status: 'c' })).toEqual([]);
      expect(await store.commit({ writes: [write(c, 'x', 6, { status: 'd' }), write(c, 'y', 6)] })).toEqual({ applied: 2 });
      expect(await store.get(c, 'x')).toEqual({ id: 'x', _position: pos(6), status: 'd' });
      expect(await ids(c, { status: 'd' })).toEqual(['x']);
    });

    it('a newer write with the same column values replaces the document and keeps it in its queries; a changed column moves it', async () => {
      const c = await collection();
      await store.commit({ writes: [write(c, 'x', 1, { partnerId: 'p1', status: 'active', n: 1, trial: true })] });
      expect(await store.commit({ writes: [write(c, 'x', 2, { partnerId: 'p1', status: 'active', n: 1, trial: true, note: 'renewed' }, [{ key: 'p1', values: { renewals: 1 } }])] })).toEqual({ applied: 1 });
      expect(await store.get(c, 'x')).toEqual({ id: 'x', _position: pos(2), partnerId: 'p1', status: 'active', n: 1, trial: true, note: 'renewed' });
      expect(await store.counters(c, 'p1')).toEqual({ renewals: 1 });
      expect(await ids(c, { partnerId: 'p1', status: 'active', trial: true, n: 1 })).toEqual(['x']);
      // Same columns but not newer: not applied, and its counters neither.
      expect(await store.commit({ writes: [write(c, 'x', 2, { partnerId: 'p1', status: 'active', n: 1, trial: true, note: 'stale' }, [{ key: 'p1', values: { renewals: 1 } }])] })).toEqual({ applied: 0 });
      expect(await store.get(c, 'x')).toMatchObject({ note: 'renewed' });
      expect(await store.counters(c, 'p1')).toEqual({ renewals: 1 });
      expect(await store.commit({ writes: [write(c, 'x', 3, { partnerId: 'p1', status: 'suspended', n: 1, trial: true })] })).toEqual({ applied: 1 });
      expect(await ids(c, { status: 'active' })).toEqual([]);
      expect(await ids(c, { status: 'suspended' })).toEqual(['x']);
    });

    it('writes many checkpoints with the batch, never moving one backwards', async () => {
      const [one, two] = [`cp_${randomUUID()}`, `cp_${randomUUID()}`];
      expect(await store.getCheckpoint(one)).toBeNull();
      await store.commit({ writes: [write(await collection(), 'x', 1)], checkpoints: [{ name: one, position: pos(9) }, { name: two, position: pos(9) }] });
      expect([await store.getCheckpoint(one), await store.getCheckpoint(two)]).toEqual([pos(9), pos(9)]);
      await store.commit({ writes: [], checkpoints: [{ name: one, position: pos(12) }] });
      expect(await store.getCheckpoint(one)).toBe(pos(12));
      await store.commit({ writes: [], checkpoints: [{ name: one, position: pos(10) }] });
      expect(await store.getCheckpoint(one)).toBe(pos(12));
    });

    it('filters columns by equality, null, booleans, $in, $ne and ranges', async () => {
      const c = await seeded();
      expect(await ids(c, { partnerId: 'p1', status: 'active' })).toEqual(['a', 'c', 'e']);
      expect(await ids(c, { trial: true })).toEqual(['a']);
      expect(await ids(c, { trial: false, partnerId: 'p1' })).toEqual(['b', 'c', 'e']);
      expect(await ids(c, { cancelAt: null })).toEqual(['a', 'b', 'd', 'e']);
      expect(await ids(c, { cancelAt: { $ne: null } })).toEqual(['c']);
      expect(await ids(c, { status: { $in: ['suspended', 'cancelled'] } })).toEqual(['b', 'd']);
      expect(await ids(c, { status: { $ne: 'active' } })).toEqual(['b', 'd']);
      expect(await ids(c, { n: { $gte: 2, $lt: 4 } })).toEqual(['a', 'c']);
      expect(await ids(c, { createdAt: { $gt: '2026-01-02' } })).toEqual(['b', 'd', 'e']);
      expect(await ids(c, { id: { $in: ['a', 'e', 'zz'] } })).toEqual(['a', 'e']);
      expect(await store.count(c, { partnerId: 'p1' })).toBe(4);
      expect(await store.count(c, { partnerId: 'p1', createdAt: { $gte: '2026-01-02', $lte: '2026-01-03' } })).toBe(3);
      expect(await store.count(c, { status: 'deleted' })).toBe(0);
    });

    it('sorts on one column with id as the tie-break, both directions', async () => {
      const c = await seeded();
      const desc = await store.find(c, {}, { sort: [{ field: 'createdAt', direction: 'desc' }] });
      expect(desc.items.map((d) => d.id)).toEqual(['e', 'd', 'b', 'c', 'a']);
      const asc = await store.find(c, {}, { sort: [{ field: 'n', direction: 'asc' }] });
      expect(asc.items.map((d) => d.id)).toEqual(['b', 'c', 'a', 'e', 'd']);
      const byId = await store.find(c, {}, {});
      expect(byId.items.map((d) => d.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('walks every item exactly once with a cursor, through ties on the sort column', async () => {
      const c = await collection();
      // 45 documents on 3 distinct dates: pages of 7 must cross ties in the middle.
      const all = Array.from({ length: 45 }, (_, i) => write(c, `s${String(i).padStart(2, '0')}`, i + 1, { partnerId: 'p1', status: i % 2 ? 'active' : 'suspended', createdAt: `2026-01-0${(i % 3) + 1}` }));
      await store.commit({ writes: all });
      for (const direction of ['asc', 'desc'] as const) {
        for (const filter of [{ partnerId: 'p1' }, { partnerId: 'p1', status: 'active' }] as Array<{ partnerId: string; status?: string }>) {
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page: { items: ReadDocument[]; nextCursor: string | null } = await store.find(c, filter as Filter, { sort: [{ field: 'createdAt', direction }], limit: 7, cursor });
            seen.push(...page.items.map((d) => d.id));
            cursor = page.nextCursor;
            pages++;
          } while (cursor && pages < 20);
          const expected = all
            .map((w) => w.doc)
            .filter((d) => filter.status === undefined || d.status === filter.status)
            .sort((x, y) => (String(x.createdAt) + x.id < String(y.createdAt) + y.id ? -1 : 1))
            .map((d) => d.id);
          expect(seen).toEqual(direction === 'asc' ? expected : expected.reverse());
        }
      }
    });

    it('walks every item exactly once with a cursor when the sort column holds nulls: first ascending, last descending', async () => {
      const c = await collection();
      // Pages of 2 end on a null row and on the last null before the values (and the reverse).
      const all = Array.from({ length: 11 }, (_, i) => write(c, `z${String(i).padStart(2, '0')}`, i + 1, { partnerId: 'p1', createdAt: '2026-01-01', cancelAt: i % 3 === 0 ? null : `2026-02-0${(i % 2) + 1}` }));
      await store.commit({ writes: all });
      const nullsFirst = all
        .map((w) => w.doc)
        .sort((x, y) => (`${x.cancelAt === null ? '0' : `1${String(x.cancelAt)}`}${x.id}` < `${y.cancelAt === null ? '0' : `1${String(y.cancelAt)}`}${y.id}` ? -1 : 1))
        .map((d) => d.id);
      for (const direction of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { items: ReadDocument[]; nextCursor: string | null } = await store.find(c, { partnerId: 'p1' }, { sort: [{ field: 'cancelAt', direction }], limit: 2, cursor });
          seen.push(...page.items.map((d) => d.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 20);
        expect({ direction, seen }).toEqual({ direction, seen: direction === 'asc' ? nullsFirst : [...nullsFirst].reverse() });
      }
    });

    it('keeps counters beside a collection, applied with their document write and only then', async () => {
      const c = await collection();
      await store.commit({ writes: [write(c, 'x', 1, {}, [{ key: 'p1', values: { active: 1, mrr: 1000 } }])] });
      await store.commit({ writes: [write(c, 'y', 2, {}, [{ key: 'p1', values: { active: 1, mrr: 500 } }, { key: 'p2', values: { active: 1 } }])] });
      // A replayed write (same position) is not applied, and neither are its counters.
      await store.commit({ writes: [write(c, 'y', 2, {}, [{ key: 'p1', values: { active: 1, mrr: 500 } }])] });
      await store.commit({ writes: [write(c, 'x', 3, {}, [{ key: 'p1', values: { active: -1, suspended: 1, mrr: -1000 } }])] });
      expect(await store.counters(c, 'p1')).toEqual({ active: 1, suspended: 1, mrr: 500 });
      expect(await store.counters(c, 'p2')).toEqual({ active: 1 });
      expect(await store.counters(c, 'nobody')).toEqual({});
    });

    it('refuses unsafe names, operators, values and fields that are not columns with InvalidQueryError', async () => {
      const c = await seeded();
      const refused = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(InvalidQueryError);
      await refused(store.find(c, { 'a); DROP TABLE x; --': 1 }));
      await refused(store.find(c, { $where: 'sleep(1000)' } as unknown as Filter));
      await refused(store.find(c, { nested: 'x' }));
      await refused(store.find(c, { 'nested.publisher': 'microsoft' }));
      await refused(store.find(c, { status: { $regex: '.*' } } as unknown as Filter));
      await refused(store.find(c, { status: { $ne: { $gt: '' } } } as unknown as Filter));
      await refused(store.find(c, { status: { $in: [{ $gt: '' }] } } as unknown as Filter));
      await refused(store.find('bad name; drop', {}));
      await refused(store.find(c, {}, { cursor: 'not-a-cursor' }));
      await refused(store.find(c, {}, { sort: [{ field: '$where', direction: 'asc' }] }));
      await refused(store.find(c, {}, { sort: [{ field: 'nested', direction: 'asc' }] }));
      await refused(store.find(c, {}, { sort: [{ field: 'createdAt', direction: 'asc' }, { field: 'n', direction: 'asc' }] }));
      await refused(store.defineCollection(`t_${randomUUID().replace(/-/g, '')}`, { columns: { 'x; drop': 'text' }, indexes: [] }));
      await refused(store.defineCollection(`t_${randomUUID().replace(/-/g, '')}`, { columns: { a: 'text' }, indexes: [['b']] }));
      expect(await store.count(c, {})).toBe(5);
    });

    it('grants a lease to one owner at a time across instances, renews it for that owner, frees it on release, and names its holder', async () => {
      const name = `lease_${randomUUID()}`;
      const t = Date.now();
      expect(await store.leaseHolder(name, t)).toBeNull();
      expect(await store.tryAcquireLease(name, 'a', t, 60_000)).not.toBeNull();
      expect(await other.tryAcquireLease(name, 'b', t + 10, 60_000)).toBeNull();
      expect(await store.tryAcquireLease(name, 'b', t + 10, 60_000)).toBeNull();
      expect(await store.tryAcquireLease(name, 'a', t + 20, 60_000)).not.toBeNull(); // a renewal
      expect(await other.leaseHolder(name, t + 30)).toMatchObject({ owner: 'a' });
      expect(await store.leaseHolder(name, t + 30)).toMatchObject({ owner: 'a' });
      await other.releaseLease(name, 'b'); // not b's to release: nothing changes
      expect(await other.tryAcquireLease(name, 'b', t + 40, 60_000)).toBeNull();
      await store.releaseLease(name, 'a');
      expect(await other.tryAcquireLease(name, 'b', t + 50, 60_000)).not.toBeNull();
      expect(await store.leaseHolder(name, t + 60)).toMatchObject({ owner: 'b' });
      await other.releaseLease(name, 'b');
      expect(await store.leaseHolder(name, t + 70)).toBeNull();
    });

    it('lets exactly one of several racing instances take a free lease', async () => {
      const name = `lease_${randomUUID()}`;
      const t = Date.now();
      const racers = await Promise.all(
        ['x', 'y', 'z'].flatMap((owner) => [store.tryAcquireLease(name, `${owner}1`, t, 60_000), other.tryAcquireLease(name, `${owner}2`, t, 60_000)]),
      );
      expect(racers.filter((grant) => grant !== null)).toHaveLength(1);
    });

    it('an expiring lease lapses after its ttl unless renewed, and is then taken over; a process lease never lapses while its holder lives', async () => {
      const name = `lease_${randomUUID()}`;
      const t = 1_000_000;
      if (leases === 'expiring') {
        expect(await store.tryAcquireLease(name, 'a', t, 1000)).toEqual({ expiresAt: t + 1000 });
        expect(await other.tryAcquireLease(name, 'b', t + 500, 1000)).toBeNull();
        expect(await store.tryAcquireLease(name, 'a', t + 900, 1000)).toEqual({ expiresAt: t + 1900 }); // renewed
        expect(await other.tryAcquireLease(name, 'b', t + 1500, 1000)).toBeNull();
        expect(await other.leaseHolder(name, t + 1899)).toEqual({ owner: 'a', expiresAt: t + 1900 });
        expect(await other.leaseHolder(name, t + 1900)).toBeNull();
        expect(await other.tryAcquireLease(name, 'b', t + 1900, 1000)).toEqual({ expiresAt: t + 2900 }); // lapsed: taken over
        expect(await store.tryAcquireLease(name, 'a', t + 2000, 1000)).toBeNull();
      } else {
        expect(await store.tryAcquireLease(name, 'a', t, 1000)).toEqual({ expiresAt: null });
        const decadeLater = t + 10 * 365 * 86_400_000;
        expect(await other.tryAcquireLease(name, 'b', decadeLater, 1000)).toBeNull();
        expect(await other.leaseHolder(name, decadeLater)).toEqual({ owner: 'a', expiresAt: null });
        await store.releaseLease(name, 'a');
        expect(await other.tryAcquireLease(name, 'b', decadeLater, 1000)).toEqual({ expiresAt: null });
      }
      await other.releaseLease(name, 'b');
    });

    it('defines collections idempotently, and a bulk load with deferred indexes answers the same queries', async () => {
      const c = await collection({ deferIndexes: true });
      await store.defineCollection(c, SCHEMA, { deferIndexes: true });
      await store.commit({ writes: [write(c, 'x', 1, { partnerId: 'p', createdAt: '2026-01-01' }), write(c, 'y', 2, { partnerId: 'p', createdAt: '2026-01-02' })] });
      await store.buildIndexes(c);
      await store.buildIndexes(c);
      await store.defineCollection(c, SCHEMA);
      expect((await store.find(c, { partnerId: 'p' }, { sort: [{ field: 'createdAt', direction: 'desc' }] })).items.map((d) => d.id)).toEqual(['y', 'x']);
    });

    it('a bulk load returns what its work returns, and everything it wrote is then readable', async () => {
      const c = await collection({ deferIndexes: true });
      const result = await store.bulkLoad(async () => {
        await store.commit({ writes: Array.from({ length: 30 }, (_, i) => write(c, `b${i}`, i + 1, { partnerId: 'p', createdAt: `2026-01-${String(i + 1).padStart(2, '0')}` })) });
        await store.buildIndexes(c);
        return 'loaded';
      });
      expect(result).toBe('loaded');
      expect(await store.count(c, { partnerId: 'p' })).toBe(30);
      await expect(store.bulkLoad(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await store.count(c, { partnerId: 'p' })).toBe(30);
    });

    it('drops collections with their checkpoints, and renames a rebuilt collection (and its counters) over the live one', async () => {
      const live = await seeded();
      await store.commit({ writes: [write(live, 'old', 9, {}, [{ key: 'p', values: { n: 7 } }])] });
      const rebuilt = await collection({ deferIndexes: true });
      const name = `cp_${randomUUID()}`;
      await store.commit({ writes: [write(rebuilt, 'only', 1, { partnerId: 'p9', createdAt: '2026-01-01' }, [{ key: 'p', values: { n: 1 } }])], checkpoints: [{ name, position: pos(1) }] });
      await store.buildIndexes(rebuilt);
      await store.renameCollection(rebuilt, live);
      expect((await store.find(live, {})).items.map((d) => d.id)).toEqual(['only']);
      expect(await ids(live, { partnerId: 'p9' })).toEqual(['only']);
      expect(await store.counters(live, 'p')).toEqual({ n: 1 });
      expect(await store.counters(rebuilt, 'p')).toEqual({});
      // The renamed collection is still writable and its indexes still serve (re-defining it is harmless).
      await store.defineCollection(live, SCHEMA);
      await store.commit({ writes: [write(live, 'next', 2, { partnerId: 'p9', createdAt: '2026-01-02' })] });
      expect((await store.find(live, { partnerId: 'p9' }, { sort: [{ field: 'createdAt', direction: 'desc' }] })).items.map((d) => d.id)).toEqual(['next', 'only']);
      await store.drop([live], [name]);
      expect(await store.count(live, {})).toBe(0);
      expect(await store.counters(live, 'p')).toEqual({});
      expect(await store.getCheckpoint(name)).toBeNull();
    });

    it('R21: records the identity of the log its read models come from, and replaces it (after a rebuild from another log)', async () => {
      await store.recordLogIdentity('0b7e2f4a-1111-4c4c-8888-000000000001');
      expect(await store.logIdentity()).toBe('0b7e2f4a-1111-4c4c-8888-000000000001');
      await store.recordLogIdentity('0b7e2f4a-2222-4c4c-8888-000000000002');
      expect(await store.logIdentity()).toBe('0b7e2f4a-2222-4c4c-8888-000000000002');
    });
  });
}
