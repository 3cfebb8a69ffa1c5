import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NewEvent, StreamAppend } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const EVENTS = 50_000;
const PER_BATCH = 5_000;

function event(n: number): NewEvent {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'Exported',
    data: { n, payload: 'x'.repeat(200) },
    metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt: '2026-01-01T00:00:00.000Z', schema: 1 },
  };
}

/** R21: an export is complete whatever it is written to, a slow pipe included. */
describe('npm run cli -- export into a slow pipe', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-cli-export-'));
    // Straight through the SQLite adapter, in big batches: a 50k-event log in a few seconds.
    const store = SqliteEventStore.open(join(dataDir, 'events.db'));
    for (let start = 0; start < EVENTS; start += PER_BATCH) {
      const appends: StreamAppend[] = Array.from({ length: PER_BATCH / 10 }, (_, s) => ({
        stream: `export-${start + s * 10}`,
        events: Array.from({ length: 10 }, (__, i) => event(start + s * 10 + i)),
        expected: 'no-stream',
      }));
      await store.appendMany(appends);
    }
    await store.close();
  }, 60_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  function exit(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  // The CLI's stdout is the slow reader's stdin: a socket pair made by Node (as when a Node program
  // or a supervisor runs the export), where writes are asynchronous and an early exit loses the tail.
  it('R21: every one of 50,000 lines arrives through a slow socket pipe, the last one intact, and the CLI exits 0', async () => {
    const env = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
    const reader = spawn(process.execPath, ['--import', 'tsx', 'test/support/slow-line-counter.ts', '2', String(EVENTS - 3_000), '150'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const report = new Promise<string>((resolve) => {
      let text = '';
      reader.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      reader.stdout!.on('end', () => resolve(text));
    });
    const cli = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'export'], { env, stdio: ['ignore', reader.stdin!, 'ignore'] });
    reader.stdin!.destroy(); // close our copy (not shut the socket down): the reader sees EOF when the CLI exits
    const [cliCode, readerCode] = await Promise.all([exit(cli), exit(reader)]);
    expect(JSON.parse(await report)).toEqual({ lines: EVENTS, lastLineIsJson: true, endsWithNewline: true });
    expect([cliCode, readerCode]).toEqual([0, 0]);
  }, 120_000);

  it('R21: the same through an OS pipe (a shell pipeline)', async () => {
    const script = [
      'node --import tsx apps/cli/src/main.ts export 2>/dev/null | node --import tsx test/support/slow-line-counter.ts 2',
      'echo "exit ${PIPESTATUS[0]} ${PIPESTATUS[1]}"',
    ].join('\n');
    const { stdout } = await run('bash', ['-c', script], { env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' } });
    const [report, codes] = stdout.trim().split('\n');
    expect(JSON.parse(report)).toEqual({ lines: EVENTS, lastLineIsJson: true, endsWithNewline: true });
    expect(codes).toBe('exit 0 0');
  }, 120_000);
  /** The environment a user's shell gives npm: none of the npm_* settings of an outer `npm test` (npm reads them as its own). */
  function shellEnv(): NodeJS.ProcessEnv {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'INIT_CWD'));
    return { ...env, DATA_DIR: dataDir, NODE_ENV: 'test' };
  }

  it('R21: `npm run -s cli -- export | head -3` gets three events, and the export ends quietly with exit 0 (no EPIPE crash)', async () => {
    const err = join(dataDir, 'head.err');
    const script = `npm run -s cli -- export 2>"${err}" | head -3; echo "exit \${PIPESTATUS[0]} \${PIPESTATUS[1]}"`;
    const { stdout } = await run('bash', ['-c', script], { cwd: ROOT, env: shellEnv() });
    const lines = stdout.trimEnd().split('\n');
    expect(lines.pop()).toBe('exit 0 0');
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['Exported', 'Exported', 'Exported']);
    const stderr = await readFile(err, 'utf8');
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(stderr).toMatch(/export stopped after \d+ events: the reader closed the pipe\n$/);
  }, 120_000);

  it("R21: the README's export command, typed as it stands in a folder of the repository, writes pure NDJSON: every event, nothing else", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const command = /^\s*(npm run cli -- export --out events\.ndjson)\s/m.exec(readme)?.[1];
    expect(command).toBe('npm run cli -- export --out events.ndjson');
    // Inside the repository (npm finds the package upwards), in a folder of its own: the file lands where the command was typed.
    await mkdir(join(ROOT, '.test-data'), { recursive: true });
    const here = await mkdtemp(join(ROOT, '.test-data', 'export-'));
    try {
      const { stdout } = await run('bash', ['-c', command!], { cwd: here, env: shellEnv() });
      expect(stdout).toContain('> subscription-ledger'); // npm's banner: on the terminal, not in the file
      expect(await readdir(here)).toEqual(['events.ndjson']); // no .partial left behind
      const text = await readFile(join(here, 'events.ndjson'), 'utf8');
      expect(text.endsWith('}\n')).toBe(true);
      const lines = text.slice(0, -1).split('\n');
      expect(lines).toHaveLength(EVENTS);
      expect(lines.every((line) => line.startsWith('{"id":"'))).toBe(true);
      expect(JSON.parse(lines[EVENTS - 1])).toMatchObject({ type: 'Exported', data: { n: EVENTS - 1 } });
    } finally {
      await rm(here, { recursive: true, force: true });
    }
  }, 120_000);

  it('R21: `npm run cli -- export > file` (npm writes its banner to that file first) is refused in one line, never written after the banner', async () => {
    const file = join(dataDir, 'banner.ndjson');
    const script = `npm run cli -- export > "${file}"; echo "exit $?" >&2`;
    const { stderr } = await run('bash', ['-c', script], { cwd: ROOT, env: shellEnv() });
    expect(stderr).toMatch(/^export refused: npm printed its "> subscription-ledger … cli" banner onto standard output .*npm run cli -- export --out events\.ndjson.*npm run -s cli -- export/m);
    expect(stderr.trimEnd().split('\n').pop()).toBe('exit 1');
    const written = await readFile(file, 'utf8');
    expect(written).not.toContain('{"id"');
  }, 120_000);
});
