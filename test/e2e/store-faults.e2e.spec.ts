import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmod, chown, cp, mkdir, mkdtemp, open, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { version as typescriptVersion } from 'typescript';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { newEvent } from '../contract/event-store.contract';
import { freePort, ServiceProcess } from './service/service-process';

const ROOT = join(__dirname, '..', '..');
const RUN_TS = join(__dirname, 'service', 'run-ts.js');

/** The three programs that open the stores, run from their sources as real processes. */
const APPS = {
  api: [RUN_TS, join(ROOT, 'apps/api/src/main.ts')],
  worker: [RUN_TS, join(ROOT, 'apps/worker/src/main.ts')],
  cli: ['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), 'export'],
} as const;
type App = keyof typeof APPS;

/** Root ignores file modes: permission faults run the programs as this unprivileged user instead. */
const NOBODY = { uid: 65534, gid: 65534 };
const isRoot = process.getuid?.() === 0;

interface Outcome {
  app: App;
  code: number | null;
  stdout: string;
  stderr: string;
}

async function runApp(app: App, dataDir: string, asUser?: { uid: number; gid: number; tmp: string }, extraEnv: Record<string, string> = {}): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['EVENTSTORE_URL', 'MONGODB_URL', 'TEST_CLOCK'].includes(name) && !name.startsWith('npm_')),
  );
  Object.assign(env, { NODE_ENV: 'test', DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' }, extraEnv);
  // Transpile caches (run-ts.js, tsx) go to a folder that user can write.
  if (asUser) Object.assign(env, { TMPDIR: asUser.tmp, HOME: asUser.tmp });
  const child = spawn(process.execPath, [...APPS[app]], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...(asUser ? { uid: asUser.uid, gid: asUser.gid } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { app, code, stdout, stderr };
}

/**
 * R21 at start, for every program that opens the stores (the api with its worker, the worker
 * app alone, the CLI): each fault of a store file is refused with exit code 1 and exactly one
 * line on stderr that names the file, says what is wrong and what to do; no stack, nothing
 * served, nothing exported.
 */
describe('R21: a store fault at start is one line naming the file, the fault and what to do (api, worker, CLI)', () => {
  const dirs: string[] = [];
  let served: string;
  /** A temp folder the unprivileged user owns, or why the permission faults cannot be run here. */
  let unprivileged: { uid: number; gid: number; tmp: string } | string | undefined;

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-faults-'));
    await chmod(dir, 0o755); // the unprivileged user walks through it
    dirs.push(dir);
    return dir;
  }

  /** A copy of the served DATA_DIR, each WAL folded into its database. */
  async function copyOfServed(): Promise<string> {
    const dir = await tempDir();
    await cp(served, dir, { recursive: true });
    for (const name of ['events.db', 'read.db']) {
      const db = new Database(join(dir, name));
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    }
    return dir;
  }

  function expectOneLine(outcome: Outcome, file: string, fault: RegExp): void {
    const lines = outcome.stderr.trim().split('\n');
    const prefix = outcome.app === 'cli' ? 'refusing to run export: ' : 'refusing to start: ';
    expect({ app: outcome.app, code: outcome.code, lines: lines.length }).toEqual({ app: outcome.app, code: 1, lines: 1 });
    expect(lines[0].startsWith(prefix)).toBe(true);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(fault);
    expect(`${outcome.stderr}${outcome.stdout}`).not.toMatch(/^\s+at /m); // no stack
    expect(outcome.stdout).not.toContain('listening');
    if (outcome.app === 'cli') expect(outcome.stdout).toBe(''); // nothing exported
  }

  async function expectRefusedByAll(
    dir: string,
    apps: App[],
    file: string,
    fault: RegExp | ((app: App) => RegExp),
    asUser?: { uid: number; gid: number; tmp: string },
    extraEnv?: Record<string, string>,
  ): Promise<void> {
    const outcomes = await Promise.all(apps.map((app) => runApp(app, dir, asUser, extraEnv)));
    for (const outcome of outcomes) expectOneLine(outcome, file, typeof fault === 'function' ? fault(outcome.app) : fault);
  }

  let warmed = false;

  /** Permission faults bite only a user that is not root: run as `nobody` when the tests run as root. */
  async function withoutRoot(dir: string): Promise<{ uid: number; gid: number; tmp: string } | undefined> {
    if (!isRoot) return undefined;
    if (typeof unprivileged === 'string' || unprivileged === undefined) throw new Error(unprivileged);
    if (!warmed) {
      // run-ts.js's transpiled files (keyed by file and content): that user need not transpile the app again.
      const cache = `ledger-run-ts-${typescriptVersion}`;
      await cp(join(tmpdir(), cache), join(unprivileged.tmp, cache), { recursive: true }).catch(() => undefined);
      spawnSync('chown', ['-R', `${NOBODY.uid}:${NOBODY.gid}`, unprivileged.tmp]);
      warmed = true;
    }
    for (const entry of [dir, ...(await readdir(dir)).map((name) => join(dir, name))]) await chown(entry, NOBODY.uid, NOBODY.gid);
    return unprivileged;
  }

  beforeAll(async () => {
    served = await tempDir();
    const service = await ServiceProcess.start(served);
    await service.stop();
    if (isRoot) {
      const tmp = await tempDir();
      await chown(tmp, NOBODY.uid, NOBODY.gid);
      const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(join(ROOT, 'apps/api/src/main.ts'))})`], { ...NOBODY, cwd: ROOT });
      unprivileged = probe.status === 0 ? { ...NOBODY, tmp } : `the sources in ${ROOT} cannot be read by uid ${NOBODY.uid}, so permission faults cannot be shown as root here`;
    }
  }, 120_000);
  afterAll(async () => {
    for (const dir of dirs) {
      spawnSync('chattr', ['-R', '-i', dir], { stdio: 'ignore' });
      await chmod(dir, 0o755).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('R21: events.db that is a directory', async () => {
    const dir = await copyOfServed();
    const file = join(dir, 'events.db');
    await rm(file);
    await mkdir(file);
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], file, /events\.db is a directory, not a database file; move the directory away and restore events\.db from a backup$/);
  }, 120_000);

  it('R21: read.db that is a directory', async () => {
    const dir = await copyOfServed();
    const file = join(dir, 'read.db');
    await rm(file);
    await mkdir(file);
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], file, /the read-model file \S*read\.db is a directory, not a database file; move the directory away and restore read\.db from a backup \(or start without it: the read models are rebuilt from the event log\)$/);
  }, 120_000);

  it('R21: read.db that is not a database (a garbled header)', async () => {
    const dir = await copyOfServed();
    const file = join(dir, 'read.db');
    const handle = await open(file, 'r+');
    await handle.write(randomBytes(100), 0, 100, 0);
    await handle.close();
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], file, /read\.db is not a readable database \(SQLITE_NOTADB: file is not a database\); restore it from a backup, or move it away/);
  }, 120_000);

  it('R21: events.db that is not a database (text)', async () => {
    const dir = await copyOfServed();
    const file = join(dir, 'events.db');
    await writeFile(file, 'these are not the events you are looking for\n'.repeat(100));
    await rm(join(dir, 'events.db-wal'), { force: true });
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], file, /the event log \S*events\.db is not a readable database \(SQLITE_NOTADB: file is not a database\); restore it from a backup$/);
  }, 120_000);

  /** Random bytes over the root page of the last table made: a page in use, past the header page. */
  async function garbleATablePage(file: string): Promise<void> {
    const db = new Database(file, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const { rootpage } = db.prepare("SELECT max(rootpage) AS rootpage FROM sqlite_master WHERE type = 'table'").get() as { rootpage: number };
    db.close();
    expect(rootpage).toBeGreaterThan(1);
    const handle = await open(file, 'r+');
    await handle.write(randomBytes(pageSize), 0, pageSize, (rootpage - 1) * pageSize);
    await handle.close();
  }

  it('R21: read.db or events.db with a garbled page in the middle (quick_check at start: api and worker; the CLI does not run it)', async () => {
    const models = await copyOfServed();
    await garbleATablePage(join(models, 'read.db'));
    await expectRefusedByAll(models, ['api', 'worker'], join(models, 'read.db'), /the read-model file \S*read\.db is (corrupt \(quick_check: .+\)|not a readable database \(.+\)); restore it from a backup/);
    const log = await copyOfServed();
    await garbleATablePage(join(log, 'events.db'));
    await expectRefusedByAll(log, ['api', 'worker'], join(log, 'events.db'), /the event log \S*events\.db is (corrupt \(quick_check: .+\)|not a readable database \(.+\)); restore it from a backup/);
  }, 120_000);

  it('R21: an empty (0 bytes) events.db or read.db', async () => {
    const log = await copyOfServed();
    await truncate(join(log, 'events.db'), 0);
    await expectRefusedByAll(log, ['api', 'worker', 'cli'], join(log, 'events.db'), /events\.db is empty \(0 bytes\): it was lost or truncated; restore it from a backup/);
    const models = await copyOfServed();
    await truncate(join(models, 'read.db'), 0);
    await expectRefusedByAll(models, ['api', 'worker', 'cli'], join(models, 'read.db'), /read\.db is empty \(0 bytes\): it was lost or truncated; restore it from a backup, or move it away/);
  }, 120_000);

  it('R21: a missing events.db beside read models built from a log', async () => {
    const dir = await copyOfServed();
    await Promise.all(['events.db', 'events.db-wal', 'events.db-shm'].map((name) => rm(join(dir, name), { force: true })));
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], join(dir, 'events.db'), (app) =>
      app === 'cli' ? /events\.db does not exist; set DATA_DIR to the folder that holds events\.db/ : /events\.db is missing, but the read models in \S*read\.db were built from a log; restore/,
    );
  }, 120_000);

  it('R21: read models built from another event log (api and worker; the CLI rebuild is the remedy)', async () => {
    const other = await tempDir();
    const otherLog = SqliteEventStore.open(join(other, 'events.db'));
    await otherLog.append('s-1', [newEvent('Elsewhere')], 'no-stream');
    const otherModels = EmbeddedReadStore.open(join(other, 'read.db'));
    await otherModels.recordLogIdentity(await otherLog.logIdentity());
    await Promise.all([otherLog.close(), otherModels.close()]);
    const dir = await copyOfServed();
    await cp(join(other, 'read.db'), join(dir, 'read.db'));
    await expectRefusedByAll(dir, ['api', 'worker'], join(dir, 'read.db'), /were built from another event log .*npm run cli -- rebuild/);
  }, 120_000);

  it('R21: DATA_DIR that is a file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'data');
    await writeFile(file, 'not a folder');
    await expectRefusedByAll(file, ['api', 'worker', 'cli'], file, /the data folder \S+ \(DATA_DIR\) is not a folder; set DATA_DIR to a folder/);
  }, 120_000);

  it('R21: an unreadable events.db or read.db (mode 000, as a user that is not root)', async () => {
    for (const name of ['events.db', 'read.db']) {
      const dir = await copyOfServed();
      const asUser = await withoutRoot(dir);
      await chmod(join(dir, name), 0o000);
      await expectRefusedByAll(dir, ['api', 'worker', 'cli'], join(dir, name), /cannot be read \(EACCES: permission denied\); give the user this process runs as \(uid \d+\) read and write access to it/, asUser);
    }
  }, 240_000);

  it('R21: a read.db-wal the process cannot use (left by another user: mode 000, as a user that is not root)', async () => {
    const dir = await copyOfServed();
    await writeFile(join(dir, 'read.db-wal'), '');
    const asUser = await withoutRoot(dir);
    await chmod(join(dir, 'read.db-wal'), 0o000);
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], join(dir, 'read.db'), /the read-model file \S*read\.db cannot be used: its read\.db-wal cannot be read or written \(EACCES\); give the user this process runs as \(uid \d+\) read and write access to it/, asUser);
  }, 120_000);

  it('R21: a read-only events.db or read.db (mode 444, as a user that is not root)', async () => {
    for (const name of ['events.db', 'read.db']) {
      const dir = await copyOfServed();
      const asUser = await withoutRoot(dir);
      await chmod(join(dir, name), 0o444);
      await expectRefusedByAll(dir, ['api', 'worker', 'cli'], join(dir, name), /is read-only \(EACCES\); the service writes to it: give the user this process runs as \(uid \d+\) write access to it/, asUser);
    }
  }, 240_000);

  it('R21: a DATA_DIR the process cannot write (mode 555, as a user that is not root)', async () => {
    const dir = await copyOfServed();
    const asUser = await withoutRoot(dir);
    await chmod(dir, 0o555);
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], dir, /the data folder \S+ \(DATA_DIR\) is not writable \(EACCES\): SQLite keeps \S+-wal and \S+-shm beside/, asUser);
  }, 120_000);

  // Root writes through file modes; an immutable file (chattr +i) stops even root.
  (isRoot && spawnSync('chattr', ['--help'], { stdio: 'ignore' }).error === undefined ? it : it.skip)('R21: an immutable (chattr +i) events.db, as root', async () => {
    const dir = await copyOfServed();
    const file = join(dir, 'events.db');
    const made = spawnSync('chattr', ['+i', file], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`chattr +i is not permitted here: ${made.stderr}`);
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], file, /the event log \S*events\.db is read-only \(EPERM\)/);
  }, 120_000);
  it('R21: a store server that cannot be reached (EventStoreDB, MongoDB) is named, with what to check', async () => {
    const dir = await copyOfServed(); // the other store: a sound embedded one
    const closed = await freePort();
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], `EventStoreDB at 127.0.0.1:${closed}`, /the event log in EventStoreDB at \S+ could not be opened \(.*ECONNREFUSED.*\); check that the server runs and can be reached, and that EVENTSTORE_URL is right$/, undefined, {
      EVENTSTORE_URL: `esdb://127.0.0.1:${closed}?tls=false`,
    });
    await expectRefusedByAll(dir, ['api', 'worker', 'cli'], `MongoDB at 127.0.0.1:${closed}`, /the read models in MongoDB at \S+ could not be opened \(MongoServerSelectionError: .*ECONNREFUSED.*\); check that the server runs and can be reached, and that MONGODB_URL is right$/, undefined, {
      MONGODB_URL: `mongodb://127.0.0.1:${closed}/ledger?serverSelectionTimeoutMS=1000`,
    });
  }, 180_000);
});
