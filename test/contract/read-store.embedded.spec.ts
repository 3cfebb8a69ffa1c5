import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { describeReadStoreContract } from './read-store.contract';

describeReadStoreContract('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-read-'));
  const store = EmbeddedReadStore.open(join(dir, 'read.db'));
  return {
    store,
    another: async () => EmbeddedReadStore.open(join(dir, 'read.db')),
    leases: 'process',
    cleanup: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); },
  };
});

describe('embedded read store specifics', () => {
  it('is durable: documents and checkpoints survive close and reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-read-'));
    const file = join(dir, 'read.db');
    const first = EmbeddedReadStore.open(file);
    await first.defineCollection('docs', { columns: { v: 'integer' }, indexes: [['v']] });
    await first.commit({
      writes: [{ collection: 'docs', doc: { id: 'a', _position: '0000000000000001', v: 1 }, columns: { v: 1 }, counters: [{ key: 'k', values: { v: 1 } }] }],
      checkpoints: [{ name: 'p', position: '0000000000000001' }],
    });
    await first.close();
    const again = EmbeddedReadStore.open(file);
    expect(await again.get('docs', 'a')).toMatchObject({ v: 1 });
    expect(await again.getCheckpoint('p')).toBe('0000000000000001');
    expect(await again.count('docs', { v: 1 })).toBe(1);
    expect(await again.counters('docs', 'k')).toEqual({ v: 1 });
    await again.close();
    await rm(dir, { recursive: true, force: true });
  });
});

describe('embedded read store access paths', () => {
  it('answers a filtered, sorted, deep page as an index range (no temp B-tree sort, no full scan)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-read-'));
    const store = EmbeddedReadStore.open(join(dir, 'read.db'));
    await store.defineCollection('subs', { columns: { customerId: 'text', status: 'text', createdAt: 'text' }, indexes: [['customerId', 'status', 'createdAt']] });
    const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id, doc FROM "c_subs" WHERE "f_customerId" = ? AND "f_status" = ? AND ("f_createdAt", id) < (?, ?) ORDER BY "f_createdAt" DESC, id DESC LIMIT 21`)
      .all('c', 'active', '2026', 'x') as Array<{ detail: string }>;
    const details = plan.map((row) => row.detail).join(' | ');
    expect(details).toMatch(/SEARCH c_subs USING INDEX .*\(f_customerId=\? AND f_status=\? AND \(f_createdAt,id\)<\(\?,\?\)\)/);
    expect(details).not.toMatch(/TEMP B-TREE/);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
