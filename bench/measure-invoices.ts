/**
 * R32, R33 at scale: one partner with ~300k subscriptions and its invoice.
 *
 *   node --max-old-space-size=1024 --import tsx bench/measure-invoices.ts [--subscriptions 300000] [--out bench/results/invoices.md]
 *
 * The data is made the product's way: real domain events (customers created, subscriptions
 * bought through the subscription decider, a tenth of them with seats added, a fiftieth
 * cancelled inside the window) appended to a fresh embedded event log, then the read models
 * (customers and the four invoicing projections) caught up from it by the projection runner.
 * Then, in-process against the embedded read store: the invoice summary and its first 200
 * lines (p50/p99 over repeated reads), and the whole reconciliation CSV streamed into a sink
 * that only counts (lines/s, RSS sampled every 50 ms). With `--http`, then the same over HTTP:
 * the built service (`nest build api`, unless `--no-build`) started on those stores, measured
 * once its worker has caught up the other read models (its test clock is at the real now,
 * before the log's dates, so nothing falls due meanwhile).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { customerDecider, decideSubscription, evolveSubscription, initialSubscriptionState, Offer, snapshotOf, SubscriptionEvent } from '@ledger/domain';
import { customerListProjection, CURRENT_SCHEMA, EventStore, INVOICING_PROJECTIONS, InvoiceReader, NewEvent, ProjectionRunner, ReadStore, reconciliationCsv, StreamAppend } from '@ledger/application';
import { readFileSync } from 'node:fs';
import { openEventStore, openReadStore, parseAppConfig } from '@ledger/infrastructure';
import { buildService, Service, waitCaughtUp } from './service';
import { fmt, mintToken, percentile, scratchRoot } from './support';

const PARTNER = 'partner-big';
const SUBSCRIPTIONS_PER_CUSTOMER = 100;
const MONTH_START = Date.parse('2027-09-01T00:00:00.000Z');
const PERIOD = '2027-10';
const HOUR = 3_600_000;

const OFFER: Offer = {
  id: 'm365-bp', name: 'Microsoft 365 Business Premium', publisher: 'microsoft', publisherName: null, billingType: 'license', category: 'small-business',
  billingFrequency: 'monthly', unitPriceCents: 2200, segments: ['commercial'], countries: 'all', onePerCustomer: false, exclusiveTo: null, transactable: true,
  trialDays: null, minQuantity: 1, maxQuantity: 1000, addOnOfferIds: [], provisioningUrl: null,
};

function newEvents(events: Array<{ type: string; data: object }>, at: Date, prefix: string): NewEvent[] {
  return events.map((event, i) => ({
    id: `${prefix}-${i}`,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { correlationId: prefix, causationId: null, actor: { userId: 'bench', partnerId: PARTNER, roles: ['global-admin'] }, occurredAt: at.toISOString(), schema: CURRENT_SCHEMA },
  }));
}

/** One subscription's life in the month: bought, maybe seats added, maybe cancelled inside the window. */
function subscriptionHistory(n: number): { stream: string; events: NewEvent[] } {
  const id = `sub-${n}`;
  const customerId = `cust-${Math.floor(n / SUBSCRIPTIONS_PER_CUSTOMER)}`;
  const boughtAt = new Date(MONTH_START + ((n * 7919) % (25 * 24)) * HOUR);
  const purchase = decideSubscription(
    { type: 'Purchase', subscriptionId: id, customerId, partnerId: PARTNER, orderId: `order-${n}`, offer: snapshotOf(OFFER), quantity: 1 + (n % 25), parentSubscriptionId: null, baseTerm: null },
    initialSubscriptionState,
    { now: boughtAt },
  );
  const events = newEvents(purchase, boughtAt, `${id}-p`);
  let state = purchase.reduce(evolveSubscription, initialSubscriptionState);
  const later = (hours: number, command: Parameters<typeof decideSubscription>[0], tag: string) => {
    const at = new Date(boughtAt.getTime() + hours * HOUR);
    const decided: SubscriptionEvent[] = decideSubscription(command, state, { now: at });
    state = decided.reduce(evolveSubscription, state);
    events.push(...newEvents(decided, at, `${id}-${tag}`));
  };
  if (n % 10 === 3) later(72, { type: 'ChangeQuantity', quantity: 2 + (n % 25) + 3 }, 'q');
  if (n % 50 === 7) later(6, { type: 'Cancel' }, 'c');
  return { stream: `subscription-${id}`, events };
}

async function generate(eventStore: EventStore, subscriptions: number): Promise<number> {
  let appended = 0;
  const customers = Math.ceil(subscriptions / SUBSCRIPTIONS_PER_CUSTOMER);
  const createdAt = new Date(MONTH_START - 24 * HOUR);
  for (let c = 0; c < customers; c += 1000) {
    const appends: StreamAppend[] = [];
    for (let i = c; i < Math.min(customers, c + 1000); i++) {
      const decided = customerDecider.decide({ type: 'CreateCustomer', customerId: `cust-${i}`, partnerId: PARTNER, name: `Customer ${i}, "Ltd"`, billingCountry: 'TW', segment: 'commercial' }, customerDecider.initialState, { now: createdAt });
      appends.push({ stream: `customer-cust-${i}`, events: newEvents(decided, createdAt, `cust-${i}`), expected: 'no-stream' });
    }
    await eventStore.appendMany(appends);
    appended += appends.length;
  }
  for (let s = 0; s < subscriptions; s += 2000) {
    const appends: StreamAppend[] = [];
    for (let n = s; n < Math.min(subscriptions, s + 2000); n++) {
      const { stream, events } = subscriptionHistory(n);
      appends.push({ stream, events, expected: 'no-stream' });
      appended += events.length;
    }
    await eventStore.appendMany(appends);
    if (s % 50_000 === 0) process.stderr.write(`  ${fmt(s)} subscriptions appended\n`);
  }
  return appended;
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number; max: number }> {
  for (let i = 0; i < 20; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples[samples.length - 1] };
}

/** Resident memory of a process (Linux /proc), 0 where unknown. */
function rssOf(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

async function overHttp(dataDir: string) {
  const service = await Service.start(dataDir);
  try {
    if (!(await waitCaughtUp(service, 900))) throw new Error('the service did not catch up within 15 minutes');
    const token = await mintToken({ partnerId: PARTNER, roles: ['billing-admin'] });
    const get = async (path: string) => {
      const answer = await service.request('GET', path, { token });
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    };
    const list = await timed(500, () => get('/v1/invoices?limit=1'));
    const lines = await timed(500, () => get(`/v1/invoices/${PERIOD}/lines?limit=200`));
    const invoice = await timed(50, () => get(`/v1/invoices/${PERIOD}`));
    const csv = async () => {
      const start = performance.now();
      const answer = await fetch(`${service.baseUrl}/v1/invoices/${PERIOD}/reconciliation.csv`, { headers: { authorization: `Bearer ${token}` } });
      let rows = -1;
      for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) {
        const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) rows++;
      }
      return { rows, seconds: (performance.now() - start) / 1000 };
    };
    const first = await csv();
    let peakRss = rssOf(service.pid);
    const rssBefore = peakRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(service.pid))), 50);
    const { rows, seconds } = await csv();
    clearInterval(sampler);
    process.stderr.write(`CSV over HTTP: first ${first.seconds.toFixed(2)} s, then ${seconds.toFixed(2)} s\n`);
    return { list, lines, invoice, csv: { rows, seconds, rssBefore, peakRss } };
  } finally {
    await service.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { subscriptions: { type: 'string', default: '300000' }, out: { type: 'string' }, http: { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false } } });
  if (values.http && !values['no-build']) buildService();
  const subscriptions = Number(values.subscriptions);
  const dataDir = await mkdtemp(join(scratchRoot(), 'ledger-invoices-bench-'));
  const config = parseAppConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
  const eventStore = await openEventStore(config);
  const readStore: ReadStore = await openReadStore(config);
  try {
    let start = performance.now();
    const events = await generate(eventStore, subscriptions);
    const generateSeconds = (performance.now() - start) / 1000;
    process.stderr.write(`generated ${fmt(events)} events in ${generateSeconds.toFixed(1)} s; projecting\n`);
    start = performance.now();
    await new ProjectionRunner({ eventStore, readStore, projections: [customerListProjection, ...INVOICING_PROJECTIONS], batchSize: 5000 }).catchUp();
    const projectSeconds = (performance.now() - start) / 1000;
    const reader = new InvoiceReader(readStore);
    const summary = await reader.summary(PARTNER, PERIOD);
    process.stderr.write(`projected in ${projectSeconds.toFixed(1)} s; invoice ${PERIOD}: ${fmt(summary.lineCount)} lines, net ${summary.net.amount}\n`);

    const summaryTimes = await timed(1000, () => reader.summary(PARTNER, PERIOD));
    const firstLines = await timed(500, () => reader.lines(PARTNER, PERIOD, null, null, 200));
    const customerLines = await timed(500, () => reader.lines(PARTNER, PERIOD, `cust-${Math.floor(subscriptions / SUBSCRIPTIONS_PER_CUSTOMER / 2)}`, null, 200));
    const withCustomers = await timed(20, () => reader.get(PARTNER, PERIOD));

    let peakRss = process.memoryUsage().rss;
    const rssBefore = peakRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    start = performance.now();
    let rows = -1;
    let bytes = 0;
    for await (const chunk of reconciliationCsv(reader, PARTNER, PERIOD)) {
      bytes += Buffer.byteLength(chunk);
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) rows++;
    }
    const csvSeconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    if (rows !== summary.lineCount) throw new Error(`the CSV has ${rows} rows, the invoice ${summary.lineCount} lines`);

    await readStore.recordLogIdentity(await eventStore.logIdentity());
    await Promise.all([eventStore.close(), readStore.close()]);
    const http = values.http ? await overHttp(dataDir) : null;

    const ms = (n: number) => `${n.toFixed(2)} ms`;
    const report = [
      `# Invoices at scale (R32, R33): ${new Date().toISOString().slice(0, 10)}`,
      '',
      `\`node --max-old-space-size=1024 --import tsx bench/measure-invoices.ts --subscriptions ${subscriptions}${http ? " --http" : ""}\` (embedded stores in ${scratchRoot()}, in-process reads; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end: other work shared the machine)`,
      '',
      `- log: ${fmt(events)} events (${fmt(Math.ceil(subscriptions / SUBSCRIPTIONS_PER_CUSTOMER))} customers, ${fmt(subscriptions)} subscriptions) generated in ${generateSeconds.toFixed(1)} s; customers + invoicing read models projected in ${projectSeconds.toFixed(1)} s`,
      `- invoice ${PERIOD} of ${PARTNER}: ${fmt(summary.lineCount)} lines, charges ${summary.charges.amount}, credits ${summary.credits.amount}`,
      '',
      '| figure | p50 | p99 | max | goal |',
      '|---|---|---|---|---|',
      `| invoice summary (totals, number, status) | ${ms(summaryTimes.p50)} | ${ms(summaryTimes.p99)} | ${ms(summaryTimes.max)} | p99 < 20 ms |`,
      `| first 200 lines | ${ms(firstLines.p50)} | ${ms(firstLines.p99)} | ${ms(firstLines.max)} | p99 < 20 ms |`,
      `| first 200 lines of one customer | ${ms(customerLines.p50)} | ${ms(customerLines.p99)} | ${ms(customerLines.max)} | |`,
      `| whole invoice JSON with its ${fmt(Math.ceil(subscriptions / SUBSCRIPTIONS_PER_CUSTOMER))} customers' totals | ${ms(withCustomers.p50)} | ${ms(withCustomers.p99)} | ${ms(withCustomers.max)} | |`,
      '',
      `- reconciliation CSV streamed: ${fmt(rows)} rows, ${(bytes / 1e6).toFixed(1)} MB in ${csvSeconds.toFixed(2)} s = **${fmt(Math.round(rows / csvSeconds))} lines/s** (goal >= 50,000); RSS ${(rssBefore / 1e6).toFixed(0)} MB before, peak ${(peakRss / 1e6).toFixed(0)} MB while streaming`,
      '',
      ...(http ? [
      'Over HTTP (the built service, api and worker processes, on loopback, one request at a time):',
      '',
      '| route | p50 | p99 | max | goal |',
      '|---|---|---|---|---|',
      `| \`GET /v1/invoices?limit=1\` (the summary as listed) | ${ms(http.list.p50)} | ${ms(http.list.p99)} | ${ms(http.list.max)} | p99 < 20 ms |`,
      `| \`GET /v1/invoices/${PERIOD}/lines?limit=200\` | ${ms(http.lines.p50)} | ${ms(http.lines.p99)} | ${ms(http.lines.max)} | p99 < 20 ms |`,
      `| \`GET /v1/invoices/${PERIOD}\` (with ${fmt(Math.ceil(subscriptions / SUBSCRIPTIONS_PER_CUSTOMER))} customers' totals) | ${ms(http.invoice.p50)} | ${ms(http.invoice.p99)} | ${ms(http.invoice.max)} | |`,
      '',
      `- \`GET /v1/invoices/${PERIOD}/reconciliation.csv\`: ${fmt(http.csv.rows)} rows in ${http.csv.seconds.toFixed(2)} s = **${fmt(Math.round(http.csv.rows / http.csv.seconds))} lines/s**; RSS ${(http.csv.rssBefore / 1e6).toFixed(0)} MB before, peak ${(http.csv.peakRss / 1e6).toFixed(0)} MB while streaming (the api process)`,
      '',
      ] : ['Over HTTP: not measured (run with `--http`).', '']),
    ].join('\n');
    process.stdout.write(report);
    if (values.out) await writeFile(values.out, report);
  } finally {
    await Promise.allSettled([eventStore.close(), readStore.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
