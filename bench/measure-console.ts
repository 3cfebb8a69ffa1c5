/**
 * The console's reads (issue "Partner console": the API answers them within the bench's read
 * goals, one request per list, page or chart). Starts the built service on a fresh DATA_DIR,
 * seeds one partner through HTTP (customers, a 500-subscription customer, suspensions,
 * cancellations, a webhook endpoint), then times every request each console screen makes,
 * exactly as the console makes it, one at a time: p99 against the bench's 20 ms read goal.
 *
 *   node --import tsx bench/measure-console.ts [--no-build] [--out bench/results/console-<date>.md]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure } from './latency';
import { Figure, latencyFigure } from './report';
import { buildService, Service, waitCaughtUp } from './service';
import { mintToken, ROOT, runPool, scratchRoot } from './support';

const PARTNER = 'bench-console';
const LINE_OFFERS = ['m365-business-basic-monthly', 'm365-e3-monthly', 'power-bi-pro-monthly', 'project-plan-3-monthly', 'exchange-online-p1-monthly'];
const BUDGET = { warmup: 20, maxRequests: 300, seconds: 20 };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean' }, out: { type: 'string' } } });
  if (!values['no-build']) buildService();
  const dataDir = await mkdtemp(join(scratchRoot(), 'ledger-console-bench-'));
  const service = await Service.start(dataDir);
  try {
    if (!(await waitCaughtUp(service, 60))) throw new Error('the service did not start (see service.log in the data dir)');
    const admin = await mintToken({ partnerId: PARTNER, roles: ['global-admin'], userId: 'bench-console' });
    const ok = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
      const answer = await service.request(method, path, { token: admin, body, ...extra });
      if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      return answer.body;
    };

    process.stdout.write('seeding: 100 customers, one with 500 subscriptions ... ');
    const customers: string[] = [];
    await runPool(
      Array.from({ length: 100 }, (_, i) => async () => {
        customers.push((await ok('POST', '/v1/customers', { name: `Console bench ${i}`, billingCountry: 'TW', segment: 'commercial' })).id);
      }),
      8,
    );
    const big = customers[0];
    const subscriptions: string[] = [];
    for (let order = 0; order < 20; order++) {
      const lines = Array.from({ length: 25 }, (_, i) => ({ offerId: LINE_OFFERS[(order + i) % LINE_OFFERS.length], quantity: 1 + (i % 7) }));
      // Service.request sends no extra headers: orders need their Idempotency-Key (R10).
      const answer = await fetch(`${service.baseUrl}/v1/customers/${big}/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': `console-bench-${order}` },
        body: JSON.stringify({ lines }),
      });
      if (answer.status !== 201) throw new Error(`order ${order}: ${answer.status} ${await answer.text()}`);
      subscriptions.push(...((await answer.json()) as { subscriptions: { id: string }[] }).subscriptions.map((s) => s.id));
    }
    for (const id of subscriptions.slice(0, 20)) await ok('POST', `/v1/subscriptions/${id}/suspend`, { reason: 'other' });
    for (const id of subscriptions.slice(20, 30)) await ok('POST', `/v1/subscriptions/${id}/cancel`);
    await ok('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/bench', eventTypes: ['*'] });
    if (!(await waitCaughtUp(service, 60))) throw new Error('read models did not catch up after seeding');
    console.log(`${subscriptions.length} subscriptions`);

    const suspended = subscriptions[0];
    const month = new Date().toISOString().slice(0, 7);
    const yearAgo = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
    const screens: [string, string][] = [
      ['sign-in: GET /v1/me', '/v1/me'],
      ['customers: GET /v1/customers?limit=20', '/v1/customers?limit=20'],
      ['customer: GET /v1/customers/:id', `/v1/customers/${big}`],
      ['customer: subscriptions page (500-subscription customer, limit=20)', `/v1/customers/${big}/subscriptions?limit=20`],
      ['customer: subscriptions filtered (status=active&publisher=microsoft&category=enterprise)', `/v1/customers/${big}/subscriptions?status=active&publisher=microsoft&category=enterprise&limit=20`],
      ['catalog with eligibility: GET /v1/offers?customerId=', `/v1/offers?customerId=${big}`],
      ['catalog filtered: GET /v1/offers?publisher=partner&customerId=', `/v1/offers?publisher=partner&customerId=${big}`],
      ['subscription: GET /v1/subscriptions/:id', `/v1/subscriptions/${suspended}`],
      ['subscription: history', `/v1/subscriptions/${suspended}/history`],
      ['subscription: as of an instant', `/v1/subscriptions/${suspended}?asOf=${encodeURIComponent(new Date().toISOString())}`],
      ['ledger page (limit=50)', `/v1/customers/${big}/ledger?limit=50`],
      ['dashboard: summary', '/v1/dashboard/summary'],
      ['dashboard: analytics, 12 months (every chart)', `/v1/analytics/monthly?from=${yearAgo}&to=${month}`],
      ['event feed page (limit=50)', '/v1/events?limit=50'],
      ['event feed filtered (types=SubscriptionSuspended)', '/v1/events?types=SubscriptionSuspended&limit=50'],
      ['webhook endpoints', '/v1/webhook-endpoints?limit=20'],
    ];
    const figures: Figure[] = [];
    for (const [name, path] of screens) {
      const figure = latencyFigure(name, await measure(() => service.request('GET', path, { token: admin }), BUDGET), 20, BUDGET.seconds);
      console.log(`  ${figure.met ? 'met' : 'NOT met'}  ${name}: ${figure.value}`);
      figures.push(figure);
    }
    const report = [
      `# Console reads (${new Date().toISOString().slice(0, 10)})`,
      '',
      '`node --import tsx bench/measure-console.ts`: the built service, embedded stores, one partner with 100 customers, one of them',
      `with ${subscriptions.length} subscriptions (20 suspended, 10 cancelled); each request the console makes, sequential, ${BUDGET.warmup} warm-up + up to ${BUDGET.maxRequests} timed.`,
      '',
      '| console request | value | goal | met |',
      '|---|---|---|---|',
      ...figures.map((f) => `| ${f.figure} | ${f.value} | ${f.goal} | ${f.met ? 'yes' : 'no'} |`),
      '',
    ].join('\n');
    const out = values.out ?? join(ROOT, 'bench', 'results', `console-${new Date().toISOString().slice(0, 10)}.md`);
    await writeFile(out, report);
    console.log(`wrote ${out}`);
  } finally {
    await service.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
