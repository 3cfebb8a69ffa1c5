/**
 * R24 analytics: the monthly query over 36 months (the API's widest window) for the big
 * partner and for the big customer, against the running service; and the analytics read
 * model's share of a rebuild: every read model replayed in-process on a copy of the log,
 * with and without it (and it alone, for reference).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyticsProjection } from '../libs/application/src/analytics/analytics.projection';
import { ALL_PROJECTIONS } from '../libs/application/src/projections/all-projections';
import { Projection } from '../libs/application/src/projections/projection';
import { rebuildProjections } from '../libs/application/src/operations/rebuild-projections';
import { SqliteEventStore } from '../libs/infrastructure/src/event-store/sqlite/sqlite-event-store';
import { EmbeddedReadStore } from '../libs/infrastructure/src/read-store/embedded/embedded-read-store';
import { Manifest } from './generate-log';
import { measure } from './latency';
import { QueryBudget } from './measure-queries';
import { rawReadRate } from './measure-rebuild';
import { Figure, latencyFigure } from './report';
import { ManagedService } from './service';
import { fmt, mintToken } from './support';

const MONTHS = 36;

/** The 36 months ending with the log's last month ("YYYY-MM" each end). */
function window(end: string): { from: string; to: string } {
  const last = new Date(end);
  const first = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - (MONTHS - 1), 1));
  return { from: first.toISOString().slice(0, 7), to: last.toISOString().slice(0, 7) };
}

export async function measureAnalyticsQueries(target: ManagedService, manifest: Manifest, budget: QueryBudget): Promise<Figure[]> {
  const billing = await mintToken({ partnerId: manifest.bigPartner, roles: ['billing-admin'], userId: 'bench-analytics' });
  const { from, to } = window(manifest.end);
  const get = (path: string) => target.current.request('GET', path, { token: billing, timeoutMs: budget.seconds * 1000 });
  const figures: Figure[] = [];
  const step = async (figure: string, path: string) => {
    process.stdout.write(`  ${figure} ... `);
    const result = latencyFigure(figure, await measure(() => get(path), budget), 20, budget.seconds, `${from} to ${to}`);
    const settled = await target.settle(budget.settleSeconds);
    if (settled) result.value = `${result.value}; ${settled}`;
    console.log(result.value);
    figures.push(result);
  };
  await step(`GET /v1/analytics/monthly, ${MONTHS} months with money figures, partner with ~${fmt(Math.round(manifest.subscriptions * 0.97))} subscriptions`, `/v1/analytics/monthly?from=${from}&to=${to}`);
  await step(
    `same for the ${fmt(manifest.size.bigCustomerSubscriptions)}-subscription customer (?customerId=)`,
    `/v1/analytics/monthly?from=${from}&to=${to}&customerId=${manifest.bigCustomer.customerId}`,
  );
  return figures;
}

/** Seconds to rebuild `projections` into a fresh read.db over `eventsDb`, or null when over budget (aborted). */
async function timedRebuild(eventsDb: string, readDb: string, projections: Projection[], budgetSeconds: number): Promise<number | null> {
  const eventStore = SqliteEventStore.open(eventsDb);
  const readStore = EmbeddedReadStore.open(readDb);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budgetSeconds * 1000);
  const start = process.hrtime.bigint();
  try {
    await rebuildProjections({ eventStore, readStore }, projections, { signal: controller.signal });
    return Number(process.hrtime.bigint() - start) / 1e9;
  } catch (error) {
    if (controller.signal.aborted) return null;
    throw error;
  } finally {
    clearTimeout(timer);
    await Promise.allSettled([eventStore.close(), readStore.close()]);
  }
}

export async function measureAnalyticsRebuild(sourceDir: string, budgetSeconds: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-analytics-'));
  try {
    for (const file of ['events.db', 'events.db-wal']) if (existsSync(join(sourceDir, file))) copyFileSync(join(sourceDir, file), join(dir, file));
    const eventsDb = join(dir, 'events.db');
    // Warms the page cache, so the first timed rebuild does not pay for the disk.
    const raw = await rawReadRate(eventsDb);
    const others = ALL_PROJECTIONS.filter((p) => p.name !== analyticsProjection.name);
    const runs: Array<[string, Projection[]]> = [
      ['without', others],
      ['all', ALL_PROJECTIONS],
      ['alone', [analyticsProjection]],
    ];
    const seconds: Record<string, number | null> = {};
    for (const [name, projections] of runs) {
      process.stdout.write(`  rebuild in-process, ${name === 'alone' ? 'analytics alone' : name === 'all' ? 'all read models' : 'all but analytics'} ... `);
      seconds[name] = await timedRebuild(eventsDb, join(dir, `read-${name}.db`), projections, budgetSeconds);
      console.log(seconds[name] === null ? `> ${budgetSeconds} s` : `${seconds[name]!.toFixed(2)} s`);
      rmSync(join(dir, `read-${name}.db`), { force: true });
    }
    const { all, without, alone } = seconds;
    const events = `${fmt(raw.events)} events`;
    if (all === null || without === null) {
      return [{ figure: "analytics read model's share of a rebuild of every read model", value: `not measured: a rebuild ran over ${budgetSeconds} s (${events})`, goal: 'reported', met: null }];
    }
    const share = (all - without) / all;
    return [
      {
        figure: "analytics read model's share of a rebuild of every read model (in-process, (all − all but analytics) ÷ all)",
        value: `${(share * 100).toFixed(0)}% (all ${all.toFixed(1)} s, without analytics ${without.toFixed(1)} s, analytics alone ${alone === null ? `> ${budgetSeconds}` : alone.toFixed(1)} s; ${events})`,
        goal: 'reported',
        met: null,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
