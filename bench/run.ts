/**
 * `npm run bench [-- --events 1000000]`: figures measured in one run on this machine.
 *  - append throughput of the SQLite event store (events/s);
 *  - projection catch-up over the whole log (events/s), one commit per batch;
 *  - cold start: open both embedded stores and bring every projection up to date,
 *    which with the durable read store means reading checkpoints, not replaying;
 *  - the same catch-up with batch size 1 (per-event commits), to show what batching buys.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NewEvent, Projection, ProjectionRunner } from '../libs/application/src';
import { SqliteEventStore } from '../libs/infrastructure/src/event-store/sqlite/sqlite-event-store';
import { EmbeddedReadStore } from '../libs/infrastructure/src/read-store/embedded/embedded-read-store';
import { countingProjection } from '../test/support/counting-projection';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, streams: { type: 'string', default: '10000' } } });
const TOTAL = Number(values.events);
const STREAMS = Number(values.streams);
const PER_APPEND = Math.max(1, Math.floor(TOTAL / STREAMS));

const metadata = { correlationId: 'bench', causationId: null, actor: { userId: 'bench', partnerId: 'bench', roles: [] }, occurredAt: '2026-01-01T00:00:00.000Z', schema: 1 };
const event = (seq: number): NewEvent => ({ id: randomUUID(), type: 'Counted', data: { seq }, metadata });
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function catchUp(dir: string, batchSize: number, readFile: string): Promise<{ seconds: number; events: number }> {
  const events = SqliteEventStore.open(join(dir, 'events.db'));
  const reads = EmbeddedReadStore.open(readFile);
  const start = process.hrtime.bigint();
  const runner = new ProjectionRunner({ eventStore: events, readStore: reads, projections: [countingProjection() as unknown as Projection], batchSize });
  await runner.catchUp();
  const elapsed = seconds(start);
  await Promise.all([events.close(), reads.close()]);
  return { seconds: elapsed, events: TOTAL };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    console.log(`bench: ${TOTAL.toLocaleString('en-US')} events in ${STREAMS.toLocaleString('en-US')} streams (${PER_APPEND} per append), data in ${dir}`);
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    let seq = 0;
    let start = process.hrtime.bigint();
    for (let s = 0; seq < TOTAL; s++) {
      const count = Math.min(PER_APPEND, TOTAL - seq);
      await store.append(`counted-${s}`, Array.from({ length: count }, () => event(++seq)), 'no-stream');
    }
    const appendSeconds = seconds(start);
    await store.close();
    console.log(`append (sqlite, WAL, synchronous=FULL): ${appendSeconds.toFixed(2)} s, ${rate(TOTAL, appendSeconds)}; events.db ${mb(statSync(join(dir, 'events.db')).size)}`);

    const replay = await catchUp(dir, 1000, join(dir, 'read.db'));
    console.log(`projection catch-up, batch 1000: ${replay.seconds.toFixed(2)} s, ${rate(TOTAL, replay.seconds)}`);

    const first = await bootService(dir);
    console.log(`service first boot over ${TOTAL.toLocaleString('en-US')} events (every read model catches up): ${first.toFixed(2)} s`);
    const cold = await bootService(dir);
    console.log(`service cold start over ${TOTAL.toLocaleString('en-US')} events (durable read store): ${cold.toFixed(2)} s to /health caught up (goal < 10 s)`);

    const sample = Math.min(TOTAL, 50_000);
    const small = mkdtempSync(join(tmpdir(), 'ledger-bench-small-'));
    const few = SqliteEventStore.open(join(small, 'events.db'));
    for (let i = 0; i < sample; i += 100) await few.append(`s-${i}`, Array.from({ length: 100 }, (_, j) => event(i + j + 1)), 'no-stream');
    await few.close();
    const batched = await catchUpAt(small, 1000, sample);
    const single = await catchUpAt(small, 1, sample);
    console.log(`batching, ${sample.toLocaleString('en-US')} events: batch 1000 ${rate(sample, batched)} vs batch 1 ${rate(sample, single)} (ratio ${(single / batched).toFixed(1)}x)`);
    rmSync(small, { recursive: true, force: true });
    console.log(`peak RSS ${mb(process.memoryUsage().rss)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let built = false;

/** Boots the built service (rebuilt once per run, so the figures are of this source) on `dir` and times it until /health reports every projection caught up. */
async function bootService(dir: string): Promise<number> {
  const main = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');
  if (!built) execFileSync('npx', ['nest', 'build', 'api'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
  built = true;
  const port = 3900 + Math.floor(Math.random() * 90);
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [main], { env: { ...process.env, DATA_DIR: dir, PORT: String(port), NODE_ENV: 'test' }, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { details?: { readStore?: { projections?: Array<{ caughtUp: boolean }> } } };
        const projections = health.details?.readStore?.projections ?? [];
        if (projections.length > 0 && projections.every((p) => p.caughtUp)) return seconds(start);
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function catchUpAt(dir: string, batchSize: number, n: number): Promise<number> {
  const file = join(dir, `read-${batchSize}.db`);
  const events = SqliteEventStore.open(join(dir, 'events.db'));
  const reads = EmbeddedReadStore.open(file);
  const start = process.hrtime.bigint();
  await new ProjectionRunner({ eventStore: events, readStore: reads, projections: [countingProjection() as unknown as Projection], batchSize }).catchUp();
  const elapsed = seconds(start);
  await Promise.all([events.close(), reads.close()]);
  void n;
  return elapsed;
}

void main();
