import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { refuseDamagedPages } from '@ledger/infrastructure/storage/damaged-pages';
import { eventLogFile } from '@ledger/infrastructure/storage/store-file-faults';
import { describeEventStoreContract, newEvent } from './event-store.contract';

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-events-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

describeEventStoreContract('sqlite', async () => {
  const { dir, remove } = await tempDir();
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  return { store, cleanup: async () => { await store.close(); await remove(); } };
});

describe('sqlite event store specifics', () => {
  it('keeps every committed event across close and reopen, and positions keep growing', async () => {
    const { dir, remove } = await tempDir();
    const file = join(dir, 'events.db');
    const first = SqliteEventStore.open(file);
    const appended = await first.append('s-1', [newEvent('A'), newEvent('B')], 'no-stream');
    await first.close();
    const reopened = SqliteEventStore.open(file);
    expect(await reopened.readStream('s-1')).toHaveLength(2);
    const next = await reopened.append('s-2', [newEvent('C')], 'no-stream');
    expect(next.position > appended.position).toBe(true);
    await reopened.close();
    await remove();
  });

  it('R21: the log identity is made with the file and is the same for every later open', async () => {
    const { dir, remove } = await tempDir();
    const file = join(dir, 'events.db');
    const first = SqliteEventStore.open(file);
    const second = SqliteEventStore.open(file);
    const identity = await first.logIdentity();
    expect(await second.logIdentity()).toBe(identity);
    await Promise.all([first.close(), second.close()]);
    await expect(refuseDamagedPages(eventLogFile(file))).resolves.toBeUndefined();
    const reopened = SqliteEventStore.open(file);
    expect(await reopened.logIdentity()).toBe(identity);
    await reopened.close();
    const elsewhere = SqliteEventStore.open(join(dir, 'other.db'));
    expect(await elsewhere.logIdentity()).not.toBe(identity);
    await elsewhere.close();
    await remove();
  });

  it('R21: a garbled page that opening does not touch is found by quick_check, which the service runs at start', async () => {
    const { dir, remove } = await tempDir();
    const file = join(dir, 'events.db');
    const store = SqliteEventStore.open(file);
    for (let i = 0; i < 20; i++) await store.append(`s-${i}`, Array.from({ length: 50 }, () => newEvent('Bulk', { text: 'x'.repeat(200) })), 'no-stream');
    await store.close();
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = await readFile(file);
    const pageSize = bytes.readUInt16BE(16);
    const handle = await open(file, 'r+');
    await handle.write(randomBytes(pageSize), 0, pageSize, Math.floor(bytes.length / pageSize / 2) * pageSize);
    await handle.close();

    const unchecked = SqliteEventStore.open(file);
    await unchecked.close();
    await expect(refuseDamagedPages(eventLogFile(file))).rejects.toThrow(/^refusing to start: the event log .*events\.db is corrupt \(quick_check: .+\); restore it from a backup/);
    await remove();
  });

  it('a second process on the same file sees appends through its subscription', async () => {
    const { dir, remove } = await tempDir();
    const file = join(dir, 'events.db');
    const writer = SqliteEventStore.open(file);
    const reader = SqliteEventStore.open(file);
    const subscription = reader.subscribeToAll();
    const received = (async () => {
      for await (const event of subscription) {
        await subscription.close();
        return event.type;
      }
      return null;
    })();
    await writer.append('s-1', [newEvent('FromElsewhere')], 'no-stream');
    expect(await received).toBe('FromElsewhere');
    await Promise.all([writer.close(), reader.close()]);
    await remove();
  });
});
