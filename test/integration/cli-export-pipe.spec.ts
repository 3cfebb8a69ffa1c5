import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NewEvent, StreamAppend } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';

const run = promisify(execFile);
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
});
