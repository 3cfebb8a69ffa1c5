import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, open, readFile, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { newEvent } from '../contract/event-store.contract';
import { ServiceProcess, startExpectingExit } from './service/service-process';
import demoCatalog from '@ledger/infrastructure/catalog/demo-catalog.json';

/** A fresh DATA_DIR's log: one OfferPublished per demo offer. */
const DEMO_HEAD = String(demoCatalog.offers.length).padStart(16, '0');

/** R21 at start, on the real service as a child process: what is refused, and what still starts. */
describe('R21: the service refuses a corrupt, lost or mismatched store at start, with one line', () => {
  const dirs: string[] = [];
  let served: string;

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-integrity-'));
    dirs.push(dir);
    return dir;
  }

  /** A copy of the served DATA_DIR, its WAL folded into events.db. */
  async function copyOfServed(): Promise<string> {
    const dir = await tempDir();
    await cp(served, dir, { recursive: true });
    const db = new Database(join(dir, 'events.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return dir;
  }

  async function expectRefusal(dir: string, message: RegExp): Promise<void> {
    const { code, stderr, stdout } = await startExpectingExit(dir);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(stdout).not.toContain('listening');
  }

  beforeAll(async () => {
    served = await tempDir();
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('R21: a fresh start and a normal restart are served', async () => {
    for (const round of ['fresh', 'restart']) {
      const service = await ServiceProcess.start(served);
      try {
        const health = (await fetch(`${service.url}/health`).then((answer) => answer.json())) as { status: string; info: { eventStore: { head: string } } };
        expect({ round, status: health.status, head: health.info.eventStore.head }).toEqual({ round, status: 'ok', head: DEMO_HEAD });
      } finally {
        expect([0, 'SIGTERM']).toContain(await service.stop());
      }
    }
  }, 180_000);

  it('R21: a zero-length events.db is refused (not opened as a new log)', async () => {
    const dir = await copyOfServed();
    await truncate(join(dir, 'events.db'), 0);
    await expectRefusal(dir, /^refusing to start: the event log .*events\.db is empty \(0 bytes\).*restore it from a backup/);
  }, 120_000);

  it('R21: a garbled page in the middle of events.db is refused', async () => {
    const dir = await copyOfServed();
    const file = join(dir, 'events.db');
    const header = await readFile(file);
    const pageSize = header.readUInt16BE(16);
    const pages = header.length / pageSize;
    const handle = await open(file, 'r+');
    await handle.write(randomBytes(pageSize), 0, pageSize, Math.floor(pages / 2) * pageSize);
    await handle.close();
    await expectRefusal(dir, /^refusing to start: the event log .*events\.db is (corrupt \(quick_check: .+\)|not a readable database).*restore it from a backup/);
  }, 120_000);

  it('R21: read models built from another log are refused', async () => {
    const other = await tempDir();
    const otherLog = SqliteEventStore.open(join(other, 'events.db'));
    await otherLog.append('s-1', [newEvent('Elsewhere')], 'no-stream');
    const otherModels = EmbeddedReadStore.open(join(other, 'read.db'));
    await otherModels.recordLogIdentity(await otherLog.logIdentity());
    await Promise.all([otherLog.close(), otherModels.close()]);

    const dir = await copyOfServed();
    await Promise.all(['read.db-wal', 'read.db-shm'].map((name) => rm(join(dir, name), { force: true })));
    await cp(join(other, 'read.db'), join(dir, 'read.db'));
    await expectRefusal(dir, /^refusing to start: the read models in .*read\.db were built from another event log .*npm run cli -- rebuild/);
  }, 120_000);

  it('R21: read models ahead of a truncated log are refused', async () => {
    const dir = await copyOfServed();
    const db = new Database(join(dir, 'events.db'));
    db.prepare('DELETE FROM events WHERE position > 20').run();
    db.close();
    await expectRefusal(dir, new RegExp(`^refusing to start: the read models in .*read\\.db are ahead of the event log .*events\\.db \\(checkpoint \\S+ at ${DEMO_HEAD}, log head 0000000000000020\\).*npm run cli -- rebuild`));
  }, 120_000);

  it('R21: a lost events.db is not replaced by a fresh log beside read models that have checkpoints', async () => {
    const dir = await copyOfServed();
    await Promise.all(['events.db', 'events.db-wal', 'events.db-shm'].map((name) => rm(join(dir, name), { force: true })));
    await expectRefusal(dir, /^refusing to start: the event log .*events\.db is missing, but the read models in .*read\.db were built from a log/);
    expect(existsSync(join(dir, 'events.db'))).toBe(false);
  }, 120_000);
});
