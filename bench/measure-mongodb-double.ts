/**
 * `node --import tsx bench/measure-mongodb-double.ts [--no-build]`: the read side's query
 * figures (bench/measure-queries.ts) with the MongoDB read-store adapter, served by the
 * in-repo MongoDB wire double (test/support/mongo-double) in this process, over the cached
 * quick log (events.db only: the service builds its read models into the double first).
 *
 * NOT a performance claim about MongoDB: the double is an in-memory JavaScript stand-in
 * (mingo scans, no indexes, no query planner) sharing this machine and this event loop with
 * the load client. What the figures do show: every query of the read side answers through the
 * real adapter and driver, the pages and counts are served, and how the adapter's round trips
 * add up. Results: bench/results/mongodb-double-<date>.md.
 */
import { mkdtempSync, copyFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMongoDouble } from '../test/support/mongo-double/server';
import { ensureLog } from './generate-log';
import { measureQueries } from './measure-queries';
import { Figure } from './report';
import { buildService, ManagedService, Service, waitCaughtUp } from './service';
import { fmt, mintToken, ROOT } from './support';

const BUDGET = { warmup: 10, maxRequests: 300, seconds: 10, deepPages: 25, followSeconds: 20, settleSeconds: 20 };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
  if (!values['no-build']) buildService();
  const { dir: cached, manifest } = await ensureLog('quick');
  const double = await startMongoDouble();
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-mongo-double-'));
  copyFileSync(join(cached, 'events.db'), join(dataDir, 'events.db'));
  const env = { MONGODB_URL: double.url };
  const admin = await mintToken({ partnerId: manifest.bigPartner, roles: ['global-admin'], userId: 'bench-admin' });
  const ready = async (service: Service) => {
    if (!(await waitCaughtUp(service, 600))) throw new Error('the read models did not catch up into the MongoDB double within 600 s');
    const moved = await service.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: manifest.end }, timeoutMs: 300_000 });
    if (moved.status !== 200) throw new Error(`could not move the test clock: ${moved.status} ${JSON.stringify(moved.body).slice(0, 200)}`);
  };
  const started = Date.now();
  const first = await Service.start(dataDir, env);
  const target = new ManagedService(first, dataDir, ready, env);
  try {
    await ready(first);
    const catchUpSeconds = (Date.now() - started) / 1000;
    console.log(`read models built into the MongoDB double in ${catchUpSeconds.toFixed(1)} s (${fmt(manifest.events)} events)`);
    const figures: Figure[] = await measureQueries(target, manifest, BUDGET);
    const rows = figures.map((f) => `| ${f.figure} | ${f.value} |`).join('\n');
    const report = [
      '# Read side on the MongoDB wire double: NOT a performance claim',
      '',
      `- date: ${new Date().toISOString()}; log: quick (${fmt(manifest.events)} events, ${fmt(manifest.subscriptions)} subscriptions); reproduce: \`node --import tsx bench/measure-mongodb-double.ts\``,
      '- the service (api + worker process) used the MongoDB read-store adapter and the official driver against `test/support/mongo-double`,',
      '  an in-memory JavaScript stand-in that scans with mingo (no indexes, no planner) and runs in the load client\'s own process.',
      '  These figures say the queries work through the real adapter, not how fast MongoDB serves them: the 20 ms goals are judged',
      '  on the embedded store (bench/results/latest.md) and must be measured again on a real MongoDB (docker compose).',
      `- read models built into the double from events.db: ${catchUpSeconds.toFixed(1)} s`,
      '',
      '| query | measured on the double |',
      '|---|---|',
      rows,
      '',
    ].join('\n');
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const file = join(ROOT, 'bench', 'results', `mongodb-double-${new Date().toISOString().slice(0, 10)}.md`);
    writeFileSync(file, report);
    console.log(`written ${file}`);
  } finally {
    await target.stop();
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
