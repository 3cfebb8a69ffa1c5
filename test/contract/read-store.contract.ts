import { randomUUID } from 'node:crypto';
import { Filter, InvalidQueryError, ReadDocument, ReadStore } from '@ledger/application';

export type ReadStoreFactory = () => Promise<{ store: ReadStore; cleanup(): Promise<void> }>;

const pos = (n: number) => String(n).padStart(16, '0');

function doc(id: string, position: number, fields: Record<string, unknown> = {}): ReadDocument {
  return { id, _position: pos(position), ...fields };
}

/** One behaviour, every adapter; a null factory reports the suite as skipped. */
export function describeReadStoreContract(adapter: string, factory: ReadStoreFactory | null, skipReason = 'not configured'): void {
  if (!factory) {
    describe(`ReadStore contract: ${adapter}`, () => {
      beforeAll(() => console.warn(`ReadStore contract for ${adapter} SKIPPED: ${skipReason}`));
      it.skip(`SKIPPED: ${skipReason}`, () => undefined);
    });
    return;
  }

  describe(`ReadStore contract: ${adapter}`, () => {
    let store: ReadStore;
    let cleanup: () => Promise<void>;
    const collection = () => `t_${randomUUID().replace(/-/g, '')}`;

    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    });
    afterAll(() => cleanup());

    async function seeded(): Promise<string> {
      const c = collection();
      const docs = [
        doc('a', 1, { partnerId: 'p1', status: 'active', n: 3, trial: true, createdAt: '2026-01-01', offer: { publisher: 'microsoft' } }),
        doc('b', 2, { partnerId: 'p1', status: 'suspended', n: 1, trial: false, createdAt: '2026-01-03', offer: { publisher: 'partner' } }),
        doc('c', 3, { partnerId: 'p1', status: 'active', n: 2, trial: false, createdAt: '2026-01-02', cancelAt: '2026-02-01', offer: { publisher: 'partner' } }),
        doc('d', 4, { partnerId: 'p2', status: 'cancelled', n: 5, trial: false, createdAt: '2026-01-03', cancelAt: null, offer: { publisher: 'microsoft' } }),
        doc('e', 5, { partnerId: 'p1', status: 'active', n: 4, trial: false, createdAt: '2026-01-03', cancelAt: null, offer: { publisher: 'microsoft' } }),
      ];
      await store.commit({ writes: docs.map((d) => ({ collection: c, doc: d })) });
      return c;
    }

    const ids = async (c: string, filter: Filter) => (await store.find(c, filter, { limit: 100 })).items.map((d) => d.id).sort();

    it('gets one and many documents; missing ones are absent, not errors', async () => {
      const c = await seeded();
      expect(await store.get(c, 'a')).toMatchObject({ id: 'a', status: 'active', offer: { publisher: 'microsoft' } });
      expect(await store.get(c, 'zz')).toBeNull();
      expect((await store.getMany(c, ['a', 'c', 'zz'])).map((d) => d.id).sort()).toEqual(['a', 'c']);
      expect(await store.get(collection(), 'a')).toBeNull();
      expect(await store.find(collection(), {})).toEqual({ items: [], nextCursor: null });
    });

    it('replaces whole documents and guards on _position (older or equal writes are not applied)', async () => {
      const c = collection();
      expect(await store.commit({ writes: [{ collection: c, doc: doc('x', 5, { v: 1, gone: true }) }] })).toEqual({ applied: 1 });
      expect(await store.commit({ writes: [{ collection: c, doc: doc('x', 5, { v: 2 }) }] })).toEqual({ applied: 0 });
      expect(await store.commit({ writes: [{ collection: c, doc: doc('x', 4, { v: 3 }) }] })).toEqual({ applied: 0 });
      expect(await store.get(c, 'x')).toMatchObject({ v: 1 });
      expect(await store.commit({ writes: [{ collection: c, doc: doc('x', 6, { v: 4 }) }, { collection: c, doc: doc('y', 6) }] })).toEqual({ applied: 2 });
      const x = await store.get(c, 'x');
      expect(x).toEqual({ id: 'x', _position: pos(6), v: 4 });
    });

    it('writes and reads checkpoints with the batch, never moving them backwards', async () => {
      const name = `cp_${randomUUID()}`;
      expect(await store.getCheckpoint(name)).toBeNull();
      await store.commit({ writes: [{ collection: collection(), doc: doc('x', 1) }], checkpoint: { name, position: pos(9) } });
      expect(await store.getCheckpoint(name)).toBe(pos(9));
      await store.commit({ writes: [], checkpoint: { name, position: pos(12) } });
      expect(await store.getCheckpoint(name)).toBe(pos(12));
      await store.commit({ writes: [], checkpoint: { name, position: pos(10) } });
      expect(await store.getCheckpoint(name)).toBe(pos(12));
    });

    it('filters by equality, null, booleans, $in, $ne, ranges and dotted fields', async () => {
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
      expect(await ids(c, { 'offer.publisher': 'partner' })).toEqual(['b', 'c']);
      expect(await store.count(c, { partnerId: 'p1' })).toBe(4);
      expect(await store.count(c, { status: 'deleted' })).toBe(0);
    });

    it('sorts with id as the tie-break, both directions', async () => {
      const c = await seeded();
      const desc = await store.find(c, {}, { sort: [{ field: 'createdAt', direction: 'desc' }] });
      expect(desc.items.map((d) => d.id)).toEqual(['e', 'd', 'b', 'c', 'a']);
      const asc = await store.find(c, {}, { sort: [{ field: 'n', direction: 'asc' }] });
      expect(asc.items.map((d) => d.id)).toEqual(['b', 'c', 'a', 'e', 'd']);
    });

    it('walks every item exactly once with a cursor', async () => {
      const c = await seeded();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: ReadDocument[]; nextCursor: string | null } = await store.find(c, { partnerId: 'p1' }, {
          sort: [{ field: 'createdAt', direction: 'desc' }],
          limit: 2,
          cursor,
        });
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(['e', 'b', 'c', 'a']);
      expect(pages).toBe(2);
    });

    it('refuses unsafe names, operators and values with InvalidQueryError', async () => {
      const c = await seeded();
      const refused = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(InvalidQueryError);
      await refused(store.find(c, { 'a); DROP TABLE x; --': 1 }));
      await refused(store.find(c, { $where: 'sleep(1000)' } as unknown as Filter));
      await refused(store.find(c, { status: { $regex: '.*' } } as unknown as Filter));
      await refused(store.find(c, { status: { $ne: { $gt: '' } } } as unknown as Filter));
      await refused(store.find(c, { status: { $in: [{ $gt: '' }] } } as unknown as Filter));
      await refused(store.find('bad name; drop', {}));
      await refused(store.find(c, {}, { cursor: 'not-a-cursor' }));
      await refused(store.find(c, {}, { sort: [{ field: '$where', direction: 'asc' }] }));
      expect(await store.count(c, {})).toBe(5);
    });

    it('grants a lease to one owner at a time, renews it for that owner, and frees it on expiry or release', async () => {
      const name = `lease_${randomUUID()}`;
      const t = 1_000_000;
      expect(await store.tryAcquireLease(name, 'a', t, 1000)).toBe(true);
      expect(await store.tryAcquireLease(name, 'b', t + 500, 1000)).toBe(false);
      expect(await store.tryAcquireLease(name, 'a', t + 900, 1000)).toBe(true); // renewed until t + 1900
      expect(await store.tryAcquireLease(name, 'b', t + 1500, 1000)).toBe(false);
      expect(await store.tryAcquireLease(name, 'b', t + 1900, 1000)).toBe(true); // expired: taken over
      expect(await store.tryAcquireLease(name, 'a', t + 2000, 1000)).toBe(false);
      await store.releaseLease(name, 'b');
      expect(await store.tryAcquireLease(name, 'a', t + 2001, 1000)).toBe(true);
      const racers = await Promise.all(['x', 'y', 'z'].map((owner) => store.tryAcquireLease(`${name}_race`, owner, t, 1000)));
      expect(racers.filter(Boolean)).toHaveLength(1);
    });

    it('creates indexes idempotently', async () => {
      const c = collection();
      const spec = [{ fields: [{ field: 'partnerId', direction: 'asc' as const }, { field: 'createdAt', direction: 'desc' as const }] }];
      await store.ensureIndexes(c, spec);
      await store.ensureIndexes(c, spec);
      await store.commit({ writes: [{ collection: c, doc: doc('x', 1, { partnerId: 'p' }) }] });
      expect(await store.count(c, { partnerId: 'p' })).toBe(1);
    });

    it('drops collections with their checkpoints, and renames a rebuilt collection over the live one', async () => {
      const live = await seeded();
      const rebuilt = collection();
      const name = `cp_${randomUUID()}`;
      await store.commit({ writes: [{ collection: rebuilt, doc: doc('only', 1) }], checkpoint: { name, position: pos(1) } });
      await store.renameCollection(rebuilt, live);
      expect((await store.find(live, {})).items.map((d) => d.id)).toEqual(['only']);
      await store.drop([live], [name]);
      expect(await store.count(live, {})).toBe(0);
      expect(await store.getCheckpoint(name)).toBeNull();
    });
  });
}
