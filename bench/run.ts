/**
 * `npm run bench [-- --quick]`: the figures of issue #9 over a realistic log, written to
 * bench/results/latest.md.
 *
 *  1. build the service (dist/), get the cached log of this size or generate it
 *     (bench/generate-log.ts: real commands through the in-process application);
 *  2. first boot: events.db alone in a fresh DATA_DIR, the built service started
 *     (bench/measure-first-boot.ts); once caught up, its test clock moves to the log's end;
 *  3. read latencies against it (bench/measure-queries.ts), then projection lag under
 *     commands (bench/measure-lag.ts, writes to that copy);
 *  4. rebuild through the CLI on a copy of that DATA_DIR vs raw readAll (bench/measure-rebuild.ts),
 *     and the analytics query and rebuild share (bench/measure-analytics.ts);
 *  5. the write path's own section when bench/write-path.ts exists.
 * Every figure has a time budget: a slow one is reported as "> budget", and the run ends.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLog } from './generate-log';
import { measureAnalyticsQueries, measureAnalyticsRebuild } from './measure-analytics';
import { measureFirstBoot } from './measure-first-boot';
import { measureLag } from './measure-lag';
import { measureQueries, QueryBudget } from './measure-queries';
import { measureRebuild } from './measure-rebuild';
import { Figure, writeReport } from './report';
import { buildService, ManagedService, Service, waitCaughtUp } from './service';
import { fmt, mintToken, ROOT } from './support';

const BUDGETS = {
  quick: {
    bootSeconds: 45,
    queries: { warmup: 10, maxRequests: 300, seconds: 4, deepPages: 25, followSeconds: 5, settleSeconds: 10 } satisfies QueryBudget,
    lag: { maxRateSeconds: 3, seconds: 5 },
    rebuildSeconds: 60,
  },
  full: {
    bootSeconds: 900,
    queries: { warmup: 50, maxRequests: 3000, seconds: 30, deepPages: 250, followSeconds: 60, settleSeconds: 60 } satisfies QueryBudget,
    lag: { maxRateSeconds: 10, seconds: 30 },
    rebuildSeconds: 600,
  },
};

const cleanups: Array<() => Promise<void> | void> = [];
async function cleanup(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the service and removing temp dirs`);
    void cleanup().finally(() => process.exit(130));
  });
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${sha} (apps/libs modified)` : sha;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false } } });
  const size = values.quick ? 'quick' : 'full';
  const budget = BUDGETS[size];
  const started = Date.now();
  if (!values['no-build']) buildService();
  const { dir: cached, manifest } = await ensureLog(size);
  console.log(`log: ${cached}: ${fmt(manifest.events)} events, ${fmt(manifest.customers)} customers, ${fmt(manifest.subscriptions)} subscriptions`);
  if (Date.now() >= Date.parse(manifest.start)) console.log('warning: the log starts before the real now: timers will fire in the service; bump GENERATOR_VERSION and regenerate');

  const sections: Array<{ title: string; figures: Figure[] }> = [];
  console.log('first boot over the whole log, no read models:');
  const boot = await measureFirstBoot(cached, budget.bootSeconds);
  cleanups.push(() => rmSync(boot.dataDir, { recursive: true, force: true }));
  cleanups.push(() => boot.service.stop());
  boot.figures.forEach((f) => console.log(`  ${f.figure}: ${f.value}`));
  sections.push({ title: 'First boot (embedded stores, events.db only)', figures: boot.figures });

  const admin = await mintToken({ partnerId: manifest.bigPartner, roles: ['global-admin'], userId: 'bench-admin' });
  // Once caught up, the service's test clock moves to the log's end (it starts at the real now).
  const ready = async (service: Service) => {
    if (!(await waitCaughtUp(service, budget.bootSeconds))) return;
    const moved = await service.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: manifest.end }, timeoutMs: 120_000 });
    if (moved.status !== 200) console.log(`  could not move the test clock to ${manifest.end}: ${moved.status} ${JSON.stringify(moved.body).slice(0, 200)}`);
  };
  const target = new ManagedService(boot.service, boot.dataDir, ready);
  cleanups.pop();
  cleanups.push(() => target.stop());
  const note = boot.caughtUp ? '' : ` (read models had not caught up after ${budget.bootSeconds} s: measured while catching up)`;
  if (boot.caughtUp) await ready(boot.service);
  console.log(`queries${note}:`);
  sections.push({ title: `Queries${note}`, figures: await measureQueries(target, manifest, budget.queries) });
  console.log('analytics (R24):');
  const analytics = await measureAnalyticsQueries(target, manifest, budget.queries);
  console.log('projection lag:');
  sections.push({ title: `Projection lag${note}`, figures: await measureLag(target.current, manifest, budget.lag) });
  await target.stop();

  console.log('rebuild:');
  const rebuild = await measureRebuild(boot.dataDir, budget.rebuildSeconds);
  rebuild.forEach((f) => console.log(`  ${f.figure}: ${f.value}`));
  sections.push({ title: 'Rebuild (CLI)', figures: rebuild });
  sections.push({ title: 'Analytics (R24)', figures: [...analytics, ...(await measureAnalyticsRebuild(boot.dataDir, budget.rebuildSeconds))] });
  await cleanup();

  const writePath = join(__dirname, 'write-path.ts');
  if (existsSync(writePath)) {
    console.log('write path (bench/write-path.ts):');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { writePathBench } = require(writePath) as { writePathBench: (options: { quick: boolean }) => Promise<Figure[]> };
    sections.push({ title: 'Write path', figures: await writePathBench({ quick: size === 'quick' }) });
  }

  const file = writeReport(
    {
      size,
      events: manifest.events,
      customers: manifest.customers,
      subscriptions: manifest.subscriptions,
      eventsByType: manifest.eventsByType,
      generation: manifest.generation,
      commit: commit(),
      seconds: (Date.now() - started) / 1000,
    },
    sections,
  );
  console.log(`\nresults: ${file} (${Math.round((Date.now() - started) / 1000)} s)`);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error);
    await cleanup();
    process.exit(1);
  },
);
