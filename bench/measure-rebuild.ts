/**
 * `rebuild` of every projection through the CLI, on a copy of a DATA_DIR, against the raw
 * speed of reading the same log (EventStore.readAll). Peak RSS of the rebuild comes from
 * /usr/bin/time -v when present, else from polling /proc/<pid>/status (VmHWM).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../libs/infrastructure/src/event-store/sqlite/sqlite-event-store';
import { Figure } from './report';
import { fmt, ROOT } from './support';

/** Events per second of readAll over the whole log (best of two passes, the first warms the page cache). */
export async function rawReadRate(eventsDb: string): Promise<{ events: number; perSecond: number }> {
  let best = 0;
  let events = 0;
  for (let pass = 0; pass < 2; pass++) {
    const store = SqliteEventStore.open(eventsDb);
    const start = process.hrtime.bigint();
    let n = 0;
    for await (const batch of store.readAll({ batchSize: 1000 })) n += batch.length;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await store.close();
    events = n;
    best = Math.max(best, n / seconds);
  }
  return { events, perSecond: best };
}

/**
 * What no rebuild can beat on this machine: the log read, upcast and folded by every
 * projection in memory, no storage at all (bench/fold-ceiling.ts, in a child with a heap
 * for every document). Null when it fails or runs out of `budgetSeconds`.
 */
export function foldCeiling(eventsDb: string, budgetSeconds: number): { events: number; seconds: number; perProjection: Record<string, number> } | null {
  const run = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', join(__dirname, 'fold-ceiling.ts'), eventsDb], { cwd: ROOT, encoding: 'utf8', timeout: budgetSeconds * 1000 });
  if (run.status !== 0) {
    console.log(`  fold ceiling: not measured (${run.error?.message ?? `exit ${run.status}`}: ${(run.stderr ?? '').trim().split('\n').slice(-1)[0]})`);
    return null;
  }
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

export async function measureRebuild(sourceDir: string, budgetSeconds: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-rebuild-'));
  try {
    for (const file of ['events.db', 'events.db-wal', 'read.db', 'read.db-wal']) if (existsSync(join(sourceDir, file))) cpSync(join(sourceDir, file), join(dir, file));
    const raw = await rawReadRate(join(dir, 'events.db'));
    console.log(`  raw readAll: ${fmt(raw.events)} events at ${fmt(Math.round(raw.perSecond))}/s`);
    const timeV = existsSync('/usr/bin/time');
    // As `npm run cli` runs it (package.json): a heap of 320 MB keeps a rebuild's RSS under 500 MB (384 MB: 494-519 MB on the full log, 320 MB: 466 MB and no slower).
    const cli = [process.execPath, '--max-old-space-size=320', '--import', 'tsx', join(ROOT, 'apps', 'cli', 'src', 'main.ts'), 'rebuild'];
    const [command, ...args] = timeV ? ['/usr/bin/time', '-v', ...cli] : cli;
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
    child.stdout!.resume();
    let peakKb = 0;
    const poll = setInterval(() => {
      // Poll the node process (a child of /usr/bin/time when used).
      for (const pid of descendants(child.pid!)) peakKb = Math.max(peakKb, vmHwmKb(pid));
    }, 200);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      for (const pid of descendants(child.pid!).reverse()) process.kill(pid, 'SIGKILL');
    }, budgetSeconds * 1000);
    const code: number | null = await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    clearInterval(poll);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const reported = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (reported) peakKb = Math.max(peakKb, Number(reported[1]));
    const peakMb = peakKb / 1024;
    if (timedOut || code !== 0) {
      const bound = raw.events / budgetSeconds / raw.perSecond;
      const why = timedOut
        ? `< ${bound.toFixed(3)}: not finished in ${budgetSeconds} s (killed), i.e. < ${fmt(Math.round(raw.events / budgetSeconds))} events/s; readAll ${fmt(Math.round(raw.perSecond))} events/s`
        : `failed (exit ${code}): ${stderr.split('\n').filter(Boolean).slice(-3).join(' / ')}`;
      return [
        { figure: 'rebuild of all projections (CLI): events/s ÷ raw readAll events/s', value: why, goal: '≥ 0.5', met: false },
        { figure: 'peak RSS of the rebuild', value: `${peakMb.toFixed(0)} MB when stopped`, goal: '< 500 MB', met: timedOut && peakMb < 500 ? null : false },
      ];
    }
    const rate = raw.events / seconds;
    const ratio = rate / raw.perSecond;
    const ceiling = foldCeiling(join(dir, 'events.db'), budgetSeconds);
    const slowest = ceiling ? Object.entries(ceiling.perProjection).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(', ') : '';
    const ceilingFigure: Figure = ceiling
      ? {
          figure: 'ceiling of any rebuild: the log read, upcast and folded by every projection in memory (no store, no serialisation), events/s ÷ raw readAll events/s',
          value: `${(ceiling.events / ceiling.seconds / raw.perSecond).toFixed(3)} (${fmt(Math.round(ceiling.events / ceiling.seconds))} events/s: ${ceiling.seconds.toFixed(1)} s; slowest folds ${slowest})`,
          goal: '(reported: the 0.5 goal is out of reach unless this is above it)',
          met: null,
        }
      : { figure: 'ceiling of any rebuild (in-memory fold)', value: 'not measured', goal: '(reported)', met: null };
    return [
      {
        figure: 'rebuild of all projections (CLI, on a copy): events/s ÷ raw readAll events/s',
        value: `${ratio.toFixed(3)} (rebuild ${fmt(Math.round(rate))} events/s: ${fmt(raw.events)} events in ${seconds.toFixed(1)} s wall, process start included; readAll ${fmt(Math.round(raw.perSecond))} events/s)`,
        goal: '≥ 0.5',
        met: ratio >= 0.5,
      },
      { figure: 'peak RSS of the rebuild', value: `${peakMb.toFixed(0)} MB`, goal: '< 500 MB', met: peakMb < 500 },
      ceilingFigure,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function descendants(pid: number): number[] {
  const all = [pid];
  try {
    for (let i = 0; i < all.length; i++) {
      const children = readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, 'utf8').trim();
      if (children) all.push(...children.split(/\s+/).map(Number));
    }
  } catch {
    /* gone */
  }
  return all;
}

function vmHwmKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
