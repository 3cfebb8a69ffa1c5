import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewEvent, ProjectionRunner } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { countingProjection, CountDocument } from '../support/counting-projection';

const STREAMS = 50;
const PER_STREAM = 400; // 20 000 events
const ROOT = join(__dirname, '..', '..');

function event(seq: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'Counted',
    data: { seq },
    metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt: '2026-01-01T00:00:00.000Z', schema: 1 },
  };
}

describe('projection runner survives a kill', () => {
  let dir: string;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-kill-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every event exactly once after a kill mid catch-up (SIGKILL, then a fresh catch-up)', async () => {
    const eventsFile = join(dir, 'events.db');
    const readFile = join(dir, 'read.db');
    const store = SqliteEventStore.open(eventsFile);
    let seq = 0;
    for (let s = 0; s < STREAMS; s++) {
      const events = Array.from({ length: PER_STREAM }, () => event(++seq));
      await store.append(`counted-${s}`, events, 'no-stream');
    }
    const head = await store.headPosition();

    // Kill the child once it has committed a few batches but is far from the end.
    // `node --import tsx` runs the script in this very process: SIGKILL hits the worker itself
    // (the tsx CLI would leave its own child running).
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/projection-child.ts'), eventsFile, readFile, '100'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const committed = await new Promise<number>((resolve, reject) => {
      let lines = 0;
      child!.stdout!.setEncoding('utf8');
      child!.stdout!.on('data', (chunk: string) => {
        lines += chunk.split('\n').filter((line) => /^\d+$/.test(line)).length;
        if (chunk.includes('done')) reject(new Error('the child finished before it could be killed'));
        if (lines >= 20 && child!.exitCode === null) {
          child!.kill('SIGKILL');
          resolve(lines);
        }
      });
      child!.on('error', reject);
    });
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(committed).toBeGreaterThanOrEqual(20);

    const readStore = EmbeddedReadStore.open(readFile);
    const interrupted = await readStore.getCheckpoint('counting.v1');
    expect(interrupted).not.toBeNull();
    expect(interrupted! < head!).toBe(true);

    const runner = new ProjectionRunner({ eventStore: store, readStore, projections: [countingProjection()], batchSize: 1000 });
    await runner.catchUp();

    expect(await readStore.getCheckpoint('counting.v1')).toBe(head);
    const docs = (await readStore.find<CountDocument>('counting', {}, { limit: 1000 })).items;
    expect(docs).toHaveLength(STREAMS);
    for (const doc of docs) {
      const s = Number(doc.id.split('-')[1]);
      const first = s * PER_STREAM + 1;
      const last = first + PER_STREAM - 1;
      expect(doc.count).toBe(PER_STREAM);
      expect(doc.sum).toBe(((first + last) * PER_STREAM) / 2);
    }
    // The counters kept beside the documents were committed with them: none counted twice or lost.
    const total = STREAMS * PER_STREAM;
    expect(await readStore.counters('counting', 'total')).toEqual({ events: total, sum: (total * (total + 1)) / 2 });
    await Promise.all([store.close(), readStore.close()]);
  }, 120_000);
});
