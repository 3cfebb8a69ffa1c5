/**
 * Read-side latencies against the running service, over the whole log: the partner
 * dashboard, the big customer's filtered list and a deep cursor page, ordinary customers'
 * lists 16 at a time, and the big customer's ledger page by page.
 */
import { Manifest } from './generate-log';
import { Budget, measure } from './latency';
import { Figure, latencyFigure } from './report';
import { Answer, ManagedService } from './service';
import { fmt, mintToken } from './support';
import { cannonLatency } from './cannon';

export interface QueryBudget extends Budget {
  deepPages: number; // pages followed before timing the deep page
  followSeconds: number; // budget for following the cursor
  settleSeconds: number; // after a figure, wait this long for the service to be idle, then restart it
}

export async function measureQueries(target: ManagedService, manifest: Manifest, budget: QueryBudget): Promise<Figure[]> {
  const partner = manifest.bigPartner;
  const reader = await mintToken({ partnerId: partner, roles: ['sales-agent'], userId: 'bench-reader' });
  const billing = await mintToken({ partnerId: partner, roles: ['billing-admin'], userId: 'bench-billing' });
  const big = manifest.bigCustomer.customerId;
  const get = (token: string) => (path: string) => target.current.request('GET', path, { token, timeoutMs: budget.seconds * 1000 });
  const figures: Figure[] = [];
  const step = async (figure: string, run: () => Promise<Figure>) => {
    process.stdout.write(`  ${figure} ... `);
    const result = await run();
    const settled = await target.settle(budget.settleSeconds);
    if (settled) result.value = `${result.value}; ${settled}`;
    console.log(result.value);
    figures.push(result);
  };
  // The partner's size, from the dashboard itself (sum of its counts by status).
  const probe = await get(reader)('/v1/dashboard/summary').catch(() => null);
  const counts: Record<string, number> | undefined = probe?.body?.countsByStatus;
  const partnerSize = counts ? fmt(Object.values(counts).reduce((a, b) => a + b, 0)) : `~${fmt(Math.round(manifest.subscriptions * 0.97))}`;

  await step(`GET /v1/dashboard/summary, partner with ${partnerSize} subscriptions (sales-agent: no money)`, async () =>
    latencyFigure(`GET /v1/dashboard/summary, partner with ${partnerSize} subscriptions (sales-agent: no money figures)`, await measure(() => get(reader)('/v1/dashboard/summary'), budget), 20, budget.seconds),
  );
  await step('same with money figures (billing-admin)', async () =>
    latencyFigure('same with money figures (billing-admin role)', await measure(() => get(billing)('/v1/dashboard/summary'), budget), 20, budget.seconds),
  );
  await step('big customer, status=active, limit=20', async () =>
    latencyFigure(
      `${fmt(manifest.size.bigCustomerSubscriptions)}-subscription customer: GET /v1/customers/:id/subscriptions?status=active&limit=20`,
      await measure(() => get(reader)(`/v1/customers/${big}/subscriptions?status=active&limit=20`), budget),
      20,
      budget.seconds,
    ),
  );
  await step('deep cursor page of the big customer', async () => {
    // Follow nextCursor (limit 20) deep, keep the cursors of the last pages, then time those pages.
    const cursors: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    const deadline = Date.now() + budget.followSeconds * 1000;
    let failure = '';
    while (pages < budget.deepPages && Date.now() < deadline) {
      const answer: Answer = await get(reader)(`/v1/customers/${big}/subscriptions?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).catch((error: Error) => ({ status: 0, body: error.message, ms: NaN }));
      if (answer.status !== 200) {
        failure = `${answer.status} ${JSON.stringify(answer.body).slice(0, 120)}`;
        break;
      }
      pages++;
      cursor = answer.body.nextCursor;
      if (!cursor) break;
      cursors.push(cursor);
      if (cursors.length > 50) cursors.shift();
    }
    const depth = `after following ${fmt(pages)} pages (${fmt(pages * 20)} deep)${pages < budget.deepPages && cursor ? ` in ${budget.followSeconds} s` : ''}${failure ? `, stopped: ${failure}` : ''}`;
    if (cursors.length === 0) return { figure: 'deep cursor page of that customer (limit 20)', value: `not measured: ${depth}`, goal: 'p99 < 20 ms', met: false };
    const latency = await measure((i) => get(reader)(`/v1/customers/${big}/subscriptions?limit=20&cursor=${encodeURIComponent(cursors[i % cursors.length])}`), budget);
    return latencyFigure('deep cursor page of that customer (limit 20)', latency, 20, budget.seconds, depth);
  });
  await step('ordinary customers, status=active, limit=20, 16 concurrent', async () => {
    const customers = manifest.ordinaryCustomers.map((c) => c.customerId);
    const paths = customers.map((id) => `/v1/customers/${id}/subscriptions?status=active&limit=20`);
    // 16 clients of this process's fetch share the two cores with the service and queue behind
    // each other (each request costs the client more CPU than the service): reported, but the
    // figure is taken with autocannon, a client that costs little beside the service.
    const fetched = await measure((i) => get(reader)(paths[i % paths.length]), { ...budget, warmup: Math.max(budget.warmup, 32), maxRequests: budget.maxRequests * 4, concurrency: 16 });
    const cannon = await cannonLatency(target.current.baseUrl, reader, paths, 16, budget.seconds);
    const note = `${fmt(customers.length)} customers; with 16 fetch clients in the bench's process: p99 ${fetched.p99.toFixed(1)} ms (p50 ${fetched.p50.toFixed(1)} ms)`;
    return latencyFigure('filtered list of ordinary customers (?status=active&limit=20), 16 concurrent (autocannon, 16 connections)', cannon, 20, budget.seconds, note);
  });
  await step('big customer ledger, limit=200, page after page', async () => {
    // Walk the ledger from the start following nextCursor, over and over; each page is one sample.
    let cursor: string | null = null;
    let entries = 0;
    let pages = 0;
    let walks = 0;
    // API.md: ?cursor=&limit= (without limit, the first 200 entries). A service that refuses
    // `limit` is measured without it (its default page), and the figure says so.
    const probe = await get(billing)(`/v1/customers/${big}/ledger?limit=200`);
    const limit = probe.status === 400 ? '' : 'limit=200';
    const refused = probe.status === 400 ? `limit=200 refused (400 ${probe.body?.errors?.[0]?.message ?? probe.body?.code}): measured without limit (default page)` : '';
    const latency = await measure(async () => {
      const query = [limit, cursor ? `cursor=${encodeURIComponent(cursor)}` : ''].filter(Boolean).join('&');
      const answer = await get(billing)(`/v1/customers/${big}/ledger${query ? `?${query}` : ''}`);
      if (answer.status === 200) {
        if (walks === 0) {
          entries += answer.body.items?.length ?? 0;
          pages++;
        }
        cursor = answer.body.nextCursor ?? null;
        if (!cursor) walks++;
      }
      return answer;
    }, budget);
    const seen = [walks > 0 ? `${fmt(entries)} entries in ${fmt(pages)} pages` : `${fmt(entries)}+ entries seen in ${fmt(pages)} pages, walk not finished`, refused].filter(Boolean).join('; ');
    return latencyFigure('ledger of the big customer, one page (GET /v1/customers/:id/ledger?limit=200, then nextCursor)', latency, 20, budget.seconds, seen);
  });
  return figures;
}
