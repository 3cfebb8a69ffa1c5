import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyLog } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { newEvent } from '../contract/event-store.contract';

const ROOT = join(__dirname, '..', '..');

/** The operator's CLI on a data directory: exit code and output. */
async function cli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'apps/cli/src/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('R21 tamper evidence on the SQLite log, checked by verify', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-chain-'));
    file = join(dir, 'events.db');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function writeLog(): Promise<void> {
    const store = SqliteEventStore.open(file);
    await store.append('invoice-1', [newEvent('Issued', { amount: 100 }), newEvent('Paid', { amount: 100 }), newEvent('Closed')], 'no-stream');
    await store.append('invoice-2', [newEvent('Issued', { amount: 5 })], 'no-stream');
    await store.close();
  }

  it('R21: an event edited by hand in events.db is named by verify (stream, revision), which exits non-zero', async () => {
    await writeLog();
    expect(await cli(dir, 'rebuild')).toMatchObject({ code: 0 });
    const intact = await cli(dir, 'verify');
    expect(intact.stdout).toMatch(/^event log: OK \(4 events in 2 streams, every hash chain intact\)/m);
    expect(intact.code).toBe(0);

    const db = new Database(file);
    db.prepare(`UPDATE events SET data = json_set(data, '$.amount', 1) WHERE stream = 'invoice-1' AND revision = 1`).run();
    db.close();

    const tampered = await cli(dir, 'verify');
    expect(tampered.stdout).toMatch(/^event log: 1 broken link\(s\) in the hash chains; first: stream invoice-1, revision 1 \(position 0+2\): its content does not match its hash/m);
    expect(tampered.code).toBe(1);
  }, 90_000);

  it('R21: a deleted event and a stripped hash are broken links; events from before hashing are counted, not broken', async () => {
    const db = new Database(file);
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream, revision))`);
    // A log written before hashing existed: two events without hash fields.
    const legacy = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    for (const revision of [0, 1]) {
      const event = newEvent('Old');
      legacy.run(event.id, 'old-stream', revision, event.type, '{}', JSON.stringify(event.metadata));
    }
    db.close();
    const store = SqliteEventStore.open(file);
    await store.append('old-stream', [newEvent('New'), newEvent('Newer')], 1);
    await store.append('s-delete', [newEvent('A'), newEvent('B'), newEvent('C')], 'no-stream');
    await store.append('s-strip', [newEvent('A'), newEvent('B')], 'no-stream');
    const [newInOld] = await store.readStream('old-stream', { fromRevision: 2 });
    expect(newInOld.metadata.previousHash).toBeNull();
    expect(await verifyLog(store)).toMatchObject({ checked: 9, unhashed: 2, broken: 0, streams: 3 });

    const edit = new Database(file);
    edit.prepare(`DELETE FROM events WHERE stream = 's-delete' AND revision = 1`).run();
    edit.prepare(`UPDATE events SET metadata = json_remove(metadata, '$.hash', '$.previousHash') WHERE stream = 's-strip' AND revision = 1`).run();
    edit.close();
    const report = await verifyLog(store);
    expect(report.broken).toBe(2);
    expect(report.first).toMatchObject({ stream: 's-delete', revision: 2, reason: 'revision 1 is missing before it' });
    await store.close();
  });
});
