import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { newEvent } from '../contract/event-store.contract';

const ROOT = join(__dirname, '..', '..');

describe('SQLite group commit survives kill -9', () => {
  let dir: string;
  let child: ChildProcess | null = null;

  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'ledger-append-kill-'))));
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged append when killed (SIGKILL) while group commits are running', async () => {
    const file = join(dir, 'events.db');
    // `node --import tsx` runs the script in this very process, so SIGKILL hits the appender itself.
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/integration/append-child.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged = await new Promise<Array<{ stream: string; revision: number; id: string }>>((resolve, reject) => {
      const acks: Array<{ stream: string; revision: number; id: string }> = [];
      let rest = '';
      child!.stdout!.setEncoding('utf8');
      child!.stdout!.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop()!;
        for (const line of lines) {
          const [, stream, revision, id] = line.split(' ');
          acks.push({ stream, revision: Number(revision), id });
        }
        if (acks.length >= 3000 && child!.exitCode === null) child!.kill('SIGKILL');
      });
      child!.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(acks) : reject(new Error(`the appender exited on its own (${code})`))));
    });

    const store = SqliteEventStore.open(file);
    try {
      for (const { stream, revision, id } of acknowledged) {
        const [stored] = await store.readStream(stream, { fromRevision: revision, maxCount: 1 });
        expect(stored?.id).toBe(id);
      }
      // The log after restart is whole: every stream numbered 0, 1, 2... without a gap.
      for (let hot = 0; hot < 5; hot++) {
        const events = await store.readStream(`hot-${hot}`);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      }
      // And it takes appends again.
      await expect(store.append('after-restart', [newEvent('AfterRestart')], 'no-stream')).resolves.toMatchObject({ nextExpectedRevision: 0 });
    } finally {
      await store.close();
    }
  });
});
