/**
 * `npx tsx bench/write-path.ts [--quick] [--service-dir <checkout>] [--profile <dir>]`:
 * the write-path figures of issue #10, measured with autocannon (64 connections) against
 * the built service, interleaved with a bare Nest + Fastify route in the same run.
 *
 *  - suspend/reactivate rps divided by the bare route's rps, and its p99;
 *  - POST /v1/customers/:id/orders (one line) p99;
 *  - service CPU per order for a customer's 400th order against its 1st;
 *  - 10,000 renewals due at one instant: firings per second through the test clock;
 *  - 5xx answers under all of the above.
 *
 * `--service-dir` measures another checkout's dist/ (built there first), for before/after;
 * `--profile <dir>` runs the service with `node --cpu-prof --cpu-prof-dir <dir>`.
 */
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from './support';
import { SignJWT } from 'jose';
import { Logger } from '@nestjs/common';
import { DueFiring, fireTimers, metadataFor, SubscriptionCommands, subscriptionStream, systemActor } from '../libs/application/src';
import { snapshotOf, subscriptionDecider } from '../libs/domain/src';
import { offer as offerOf } from '../libs/domain/src/testing/builders';
import { DEVELOPMENT_JWT_SECRET } from '../libs/infrastructure/src/config/app-config';
import { SqliteEventStore } from '../libs/infrastructure/src/event-store/sqlite/sqlite-event-store';
import { TestClock } from '../libs/infrastructure/src/clock/test-clock';
import { UuidIdGenerator } from '../libs/infrastructure/src/ids/uuid-id-generator';

export interface Figure {
  figure: string;
  value: string;
  goal: string;
  met: boolean;
}

interface CannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: CannonRequest) => CannonRequest;
}
interface CannonClient {
  setRequests(requests: CannonRequest[]): void;
}
interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  setupClient?: (client: CannonClient) => void;
}) => Promise<CannonResult>;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;
const ROOT = resolve(__dirname, '..');
const CONNECTIONS = 64;
const RENEWALS = 10_000;
const LINES_PER_ORDER = 50;
const OFFER = 'm365-business-basic-monthly';
/**
 * R25: half the lines ordered are new-commerce ones, so both deciders (and both kinds of
 * timer firing) are in the mix. P1M billed monthly: bought at one instant, its term ends with
 * the legacy monthly one's, so the renewal figure fires both programmes at one instant.
 */
const NEW_COMMERCE_LINE = { offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1M', billingFrequency: 'monthly' };
const mixedLine = (i: number) => (i % 2 === 0 ? { offerId: OFFER, quantity: 1 } : NEW_COMMERCE_LINE);

const children = new Set<ChildProcess>();
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      children.delete(child);
      done();
    });
    child.kill('SIGTERM');
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch {
      /* not listening yet */
    }
    await sleep(50);
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

/**
 * CPU time (user + system, ns) of every thread of a process and of its descendants (the
 * worker process `npm start` forks does the projections), from /proc schedstat.
 */
function cpuNanos(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) total += cpuNanos(Number(child));
  }
  return total;
}

interface Service {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startService(mainJs: string, options: { profileDir?: string }): Promise<Service> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-write-bench-'));
  const port = await freePort();
  const args = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir, mainJs] : [mainJs];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, TEST_CLOCK: 'enabled', NODE_ENV: 'test', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    const health = (await (await fetch(`${url}/health`)).json()) as { details?: { readStore?: { projections?: Array<{ caughtUp: boolean }> } } };
    const projections = health.details?.readStore?.projections ?? [];
    return projections.length > 0 && projections.every((p) => p.caughtUp);
  }, 'the service');
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      await kill(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The yardstick: one Nest + Fastify route with a JSON body and answer, nothing else. */
const BARE_ROUTE = `
require('reflect-metadata');
const { Module, Controller, Post, Body, HttpCode } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
class Bare { answer(body) { return { ok: true, got: body }; } }
Reflect.decorate([Post('bare'), HttpCode(200)], Bare.prototype, 'answer', Object.getOwnPropertyDescriptor(Bare.prototype, 'answer'));
Body()(Bare.prototype, 'answer', 0);
Reflect.decorate([Controller()], Bare);
class BareModule {}
Reflect.decorate([Module({ controllers: [Bare] })], BareModule);
NestFactory.create(BareModule, new FastifyAdapter(), { logger: false })
  .then((app) => app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }));
`;

export async function startBare(): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_ROUTE], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/bare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).ok, 'the bare route');
  return { url, pid: child.pid!, stop: () => kill(child) };
}

export function token(partnerId: string, roles: string[]): Promise<string> {
  return new SignJWT({ pid: partnerId, roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
}

async function call<T>(url: string, method: string, path: string, bearer: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

interface OrderAnswer {
  orderId: string;
  position: string;
  subscriptions: Array<{ id: string; termEndsAt: string }>;
}

export async function newCustomer(url: string, bearer: string, name: string): Promise<string> {
  return (await call<{ id: string }>(url, 'POST', '/v1/customers', bearer, { name, billingCountry: 'US', segment: 'commercial' })).id;
}

let orderKey = 0;
export function order(url: string, bearer: string, customerId: string, lines = 1): Promise<OrderAnswer> {
  const body = { lines: Array.from({ length: lines }, (_, i) => mixedLine(orderKey + i)) };
  return call<OrderAnswer>(url, 'POST', `/v1/customers/${customerId}/orders`, bearer, body, { 'idempotency-key': `bench-${process.pid}-${++orderKey}` });
}

/** Runs `work` on `items` with at most `width` in flight. */
async function inParallel<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

function count5xx(result: CannonResult): number {
  return Object.entries(result.statusCodeStats ?? {}).reduce((n, [code, { count }]) => (code.startsWith('5') ? n + Number(count) : n), 0);
}

interface Load {
  rps: number;
  p99: number;
  fiveXx: number;
  otherNon2xx: number;
  /** The statuses of those, e.g. { '409': 3 }. */
  otherStatuses: Record<string, number>;
  errors: number;
}

function load(result: CannonResult): Load {
  const fiveXx = count5xx(result);
  const otherStatuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) if (!/^[25]/.test(code)) otherStatuses[code] = Number(count);
  return { rps: result.requests.average, p99: result.latency.p99, fiveXx, otherNon2xx: result.non2xx - fiveXx, otherStatuses, errors: result.errors };
}

export async function bareLoad(bare: Service, duration: number, connections = CONNECTIONS): Promise<Load> {
  return load(await autocannon({ url: `${bare.url}/bare`, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"other"}' }));
}

/** Every connection has its own subscription and alternates suspend and reactivate on it. */
export async function lifecycleLoad(service: Service, bearer: string, subscriptionIds: string[], duration: number, connections = CONNECTIONS): Promise<Load> {
  // A run that stopped between a suspend and its reactivate left some suspended: reactivate
  // them first, so that every connection starts from an active subscription (no 409s).
  await inParallel(subscriptionIds, 8, (id) => call(service.url, 'POST', `/v1/subscriptions/${id}/reactivate`, bearer, {}).catch(() => undefined));
  let client = 0;
  const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
  return load(
    await autocannon({
      url: service.url,
      connections,
      duration,
      setupClient: (c) => {
        const id = subscriptionIds[client++ % subscriptionIds.length];
        c.setRequests([
          { method: 'POST', path: `/v1/subscriptions/${id}/suspend`, headers, body: '{"reason":"other"}' },
          { method: 'POST', path: `/v1/subscriptions/${id}/reactivate`, headers, body: '{}' },
        ]);
      },
    }),
  );
}

/** Every request creates a customer (a new stream: no conflicts). */
export async function customerLoad(service: Service, bearer: string, duration: number, connections: number): Promise<Load> {
  const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ name: 'Bench customer', billingCountry: 'US', segment: 'commercial' });
  return load(await autocannon({ url: `${service.url}/v1/customers`, connections, duration, method: 'POST', headers, body }));
}

let orderLoads = 0;
/** Every connection orders one line for its own customer, a new Idempotency-Key each time. */
export async function orderLoad(service: Service, bearer: string, customerIds: string[], duration: number): Promise<Load> {
  let client = 0;
  let key = 0;
  // Keys never repeat across loads: a key is the partner's (R10), so one used again is a replay or a refusal, not an order.
  const round = ++orderLoads;
  const bodies = [0, 1].map((i) => JSON.stringify({ lines: [mixedLine(i)] }));
  return load(
    await autocannon({
      url: service.url,
      connections: CONNECTIONS,
      duration,
      setupClient: (c) => {
        const customerId = customerIds[client % customerIds.length];
        const body = bodies[client++ % 2];
        c.setRequests([
          {
            method: 'POST',
            path: `/v1/customers/${customerId}/orders`,
            body,
            setupRequest: (request) => ({
              ...request,
              headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': `load-${process.pid}-${round}-${++key}` },
            }),
          },
        ]);
      },
    }),
  );
}

/** Service CPU per order over the first and the last `window` of `total` sequential orders of one customer. */
async function cpuPerOrder(service: Service, bearer: string, total: number, window: number): Promise<{ first: number; last: number }> {
  const warm = await newCustomer(service.url, bearer, 'warm-up');
  for (let i = 0; i < 50; i++) await order(service.url, bearer, warm);
  const customerId = await newCustomer(service.url, bearer, 'loyal');
  let first = 0;
  let last = 0;
  for (let i = 1; i <= total; i++) {
    const before = cpuNanos(service.pid);
    await order(service.url, bearer, customerId);
    // Let the projections of this order run before the next one, so they are counted with it.
    await sleep(2);
    const spent = cpuNanos(service.pid) - before;
    if (i <= window) first += spent;
    if (i > total - window) last += spent;
  }
  return { first: first / window / 1e6, last: last / window / 1e6 };
}

/** Seeds `RENEWALS` monthly subscriptions bought at one instant, then moves the test clock to their term end. */
export async function renewals(service: Service, bearer: string, admin: string): Promise<{ seconds: number; seedSeconds: number }> {
  const orders = RENEWALS / LINES_PER_ORDER;
  const seedStart = process.hrtime.bigint();
  const customers = await inParallel(Array.from({ length: orders }, (_, i) => i), 8, (i) => newCustomer(service.url, bearer, `renewing-${i}`));
  const answers = await inParallel(customers, 8, (customerId) => order(service.url, bearer, customerId, LINES_PER_ORDER));
  const seedSeconds = seconds(seedStart);
  const termEnd = answers[0].subscriptions[0].termEndsAt;
  if (!answers.every((a) => a.subscriptions.every((s) => s.termEndsAt === termEnd))) throw new Error('the seeded subscriptions do not share one term end');
  const head = answers.map((a) => a.position).sort().at(-1)!;
  // The seed's read models may take longer than one consistentWith wait (5 s) on a busy machine: ask again.
  await waitFor(async () => (await call(service.url, 'GET', `/v1/customers/${customers[0]}?consistentWith=${head}`, bearer), true), 'the seeded subscriptions in the read models', 120_000);
  const start = process.hrtime.bigint();
  await call(service.url, 'POST', '/v1/test-clock/advance', admin, { to: termEnd });
  const elapsed = seconds(start);
  const renewed = await call<{ termNumber?: number; termStartedAt: string }>(service.url, 'GET', `/v1/subscriptions/${answers.at(-1)!.subscriptions.at(-1)!.id}`, bearer);
  if (renewed.termStartedAt !== termEnd) throw new Error(`a seeded subscription did not renew at ${termEnd}: ${JSON.stringify(renewed)}`);
  return { seconds: elapsed, seedSeconds };
}

/**
 * The firing alone, in process: 10,000 renewals decided and appended through the real
 * command path and the SQLite store (writer thread, group commit), without the scan of
 * the read model and without projections: what fireTimers itself sustains.
 */
export async function firingsInProcess(count = RENEWALS): Promise<{ seconds: number; commits: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-firings-'));
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  try {
    const boughtAt = new Date('2026-01-31T09:00:00.000Z');
    const clock = new TestClock(boughtAt);
    const snapshot = snapshotOf(offerOf({ id: OFFER }));
    const ids = Array.from({ length: count }, (_, i) => `renewing-${i}`);
    const metadata = metadataFor({ actor: systemActor('bench-partner'), correlationId: 'seed', causationId: null }, boughtAt);
    let termEndsAt = '';
    for (let start = 0; start < count; start += 500) {
      await store.appendMany(
        ids.slice(start, start + 500).map((subscriptionId) => {
          const events = subscriptionDecider.decide(
            { type: 'Purchase', subscriptionId, customerId: 'c', partnerId: 'bench-partner', orderId: `o-${subscriptionId}`, offer: snapshot, quantity: 1, parentSubscriptionId: null, baseTerm: null },
            subscriptionDecider.initialState,
            { now: boughtAt },
          );
          const purchased = events[0] as { data: { termEndsAt: string } };
          termEndsAt = purchased.data.termEndsAt;
          return { stream: subscriptionStream(subscriptionId), events: events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data as unknown as Record<string, unknown>, metadata })), expected: 'no-stream' as const };
        }),
      );
    }
    clock.set(new Date(termEndsAt));
    const commands = new SubscriptionCommands(store, clock, new UuidIdGenerator());
    const firings: DueFiring[] = ids.map((subscriptionId) => ({ subscriptionId, partnerId: 'bench-partner', timer: 'term-end', dueAt: termEndsAt }));
    const commitsBefore = store.commits;
    const start = process.hrtime.bigint();
    const { fired } = await fireTimers(commands, firings, new Logger('bench'));
    const elapsed = seconds(start);
    if (fired !== count) throw new Error(`only ${fired} of ${count} renewals fired`);
    return { seconds: elapsed, commits: store.commits - commitsBefore };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function writePathBench(opts: { quick: boolean; serviceDir?: string; profileDir?: string; build?: boolean }): Promise<Figure[]> {
  const serviceDir = opts.serviceDir ? resolve(opts.serviceDir) : ROOT;
  if (opts.build !== false) execFileSync('npx', ['nest', 'build', 'api'], { cwd: serviceDir, stdio: 'inherit' });
  const mainJs = join(serviceDir, 'dist', 'apps', 'api', 'src', 'main.js');
  const rounds = opts.quick ? 1 : 3;
  const duration = opts.quick ? 4 : 10;
  const log = (line: string) => console.error(`[write-path] ${line}`);
  const [bearer, admin] = await Promise.all([token('bench-partner', ['sales-agent', 'admin-agent']), token('bench-partner', ['global-admin'])]);

  try {
    const bare = await startBare();
    const service = await startService(mainJs, { profileDir: opts.profileDir });
    log(`service ${service.url} (pid ${service.pid}), bare route ${bare.url}`);

    const lifecycleCustomer = await newCustomer(service.url, bearer, 'lifecycle');
    const lifecycleSubscriptions = [
      ...(await order(service.url, bearer, lifecycleCustomer, CONNECTIONS / 2)).subscriptions,
      ...(await order(service.url, bearer, lifecycleCustomer, CONNECTIONS / 2)).subscriptions,
    ].map((s) => s.id);
    const orderCustomers = await inParallel(Array.from({ length: CONNECTIONS }, (_, i) => i), 8, (i) => newCustomer(service.url, bearer, `buyer-${i}`));
    await bareLoad(bare, 2); // warm-up of both, not counted
    await lifecycleLoad(service, bearer, lifecycleSubscriptions, 2);

    // Interleaved in one run, so the ratios compare loads on the same machine at the same time.
    const at: Record<number, { bares: Load[]; lifecycles: Load[]; customers: Load[] }> = {};
    const orders: Load[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const connections of [16, CONNECTIONS]) {
        const figures = (at[connections] ??= { bares: [], lifecycles: [], customers: [] });
        figures.bares.push(await bareLoad(bare, duration, connections));
        figures.lifecycles.push(await lifecycleLoad(service, bearer, lifecycleSubscriptions, duration, connections));
        figures.bares.push(await bareLoad(bare, duration, connections));
        figures.customers.push(await customerLoad(service, bearer, duration, connections));
        log(`round ${round}, c=${connections}: bare ${int(figures.bares.at(-2)!.rps)}/${int(figures.bares.at(-1)!.rps)} rps, suspend/reactivate ${int(figures.lifecycles.at(-1)!.rps)} rps p99 ${figures.lifecycles.at(-1)!.p99} ms, customers ${int(figures.customers.at(-1)!.rps)} rps p99 ${figures.customers.at(-1)!.p99} ms`);
      }
      orders.push(await orderLoad(service, bearer, orderCustomers, duration));
      log(`round ${round}: orders ${int(orders.at(-1)!.rps)} rps p99 ${orders.at(-1)!.p99} ms`);
    }
    const lifecycles = at[CONNECTIONS].lifecycles;
    const cpu = await cpuPerOrder(service, bearer, 400, 20);
    log(`CPU per order: first 20 ${cpu.first.toFixed(2)} ms, orders 381-400 ${cpu.last.toFixed(2)} ms`);
    await service.stop();
    await bare.stop();

    const timerService = await startService(mainJs, {});
    const timers = await renewals(timerService, bearer, admin);
    log(`renewals: seeded ${RENEWALS} subscriptions in ${timers.seedSeconds.toFixed(1)} s; advance took ${timers.seconds.toFixed(2)} s`);
    await timerService.stop();

    // In process it runs this checkout's code, so it says nothing about another --service-dir.
    const inProcess = serviceDir === ROOT ? await firingsInProcess() : null;
    if (inProcess) log(`renewals in process (fireTimers only): ${inProcess.seconds.toFixed(2)} s in ${inProcess.commits} commits`);

    const lifecycleP99 = Math.max(...lifecycles.map((l) => l.p99));
    const orderP99 = Math.max(...orders.map((o) => o.p99));
    const growth = cpu.last / cpu.first;
    const firingsPerSecond = RENEWALS / timers.seconds;
    const everyLoad = [...Object.values(at).flatMap((f) => [...f.lifecycles, ...f.customers]), ...orders];
    const fiveXx = everyLoad.reduce((n, l) => n + l.fiveXx + l.errors, 0);
    const refused = everyLoad.reduce((n, l) => n + l.otherNon2xx, 0);
    const refusedBy = new Map<string, number>();
    for (const l of everyLoad) for (const [code, count] of Object.entries(l.otherStatuses)) refusedBy.set(code, (refusedBy.get(code) ?? 0) + count);
    const refusedStatuses = [...refusedBy].map(([code, count]) => `${int(count)} × ${code}`).join(', ');
    const ratioFigure = (what: string, loads: Load[], connections: number): Figure => {
      const rps = median(loads.map((l) => l.rps));
      const bareRpsThere = median(at[connections].bares.map((b) => b.rps));
      const r = rps / bareRpsThere;
      return { figure: `${what} rps ÷ bare Nest+Fastify route rps, ${connections} connections`, value: `${r.toFixed(2)} (${int(rps)} vs ${int(bareRpsThere)})`, goal: '≥ 0.3', met: r >= 0.3 };
    };
    return [
      ratioFigure('suspend/reactivate', at[16].lifecycles, 16),
      ratioFigure('POST /v1/customers', at[16].customers, 16),
      ratioFigure('suspend/reactivate', lifecycles, CONNECTIONS),
      ratioFigure('POST /v1/customers', at[CONNECTIONS].customers, CONNECTIONS),
      { figure: `suspend/reactivate p99, ${CONNECTIONS} connections`, value: `${lifecycleP99} ms`, goal: '< 50 ms', met: lifecycleP99 < 50 },
      { figure: `POST /v1/customers/:id/orders (one line) p99, ${CONNECTIONS} connections`, value: `${orderP99} ms (${int(median(orders.map((o) => o.rps)))} orders/s)`, goal: '< 150 ms', met: orderP99 < 150 },
      { figure: "service CPU per order, a customer's 400th vs its 1st (mean of 20)", value: `${cpu.last.toFixed(2)} ms vs ${cpu.first.toFixed(2)} ms (×${growth.toFixed(2)})`, goal: 'flat (≤ ×1.5)', met: growth <= 1.5 },
      { figure: `${int(RENEWALS)} renewals due at one instant (test clock)`, value: `${int(firingsPerSecond)} firings/s (${timers.seconds.toFixed(2)} s)`, goal: '≥ 5,000/s', met: firingsPerSecond >= 5000 },
      ...(inProcess ? [{
        figure: `of which the firing alone: ${int(RENEWALS)} renewals through fireTimers in process (no scan, no projections)`,
        value: `${int(RENEWALS / inProcess.seconds)} firings/s (${inProcess.commits} commits)`,
        goal: '≥ 5,000/s',
        met: RENEWALS / inProcess.seconds >= 5000,
      }] : []),
      { figure: '5xx (and socket errors) under these loads', value: `${fiveXx} (other non-2xx: ${refused}${refusedStatuses ? `: ${refusedStatuses}` : ''})`, goal: '0', met: fiveXx === 0 },
    ];
  } finally {
    await Promise.all([...children].map(kill));
  }
}

export function markdownTable(figures: Figure[]): string {
  return [
    '| figure | measured | goal | met |',
    '|---|---|---|---|',
    ...figures.map((f) => `| ${f.figure} | ${f.value} | ${f.goal} | ${f.met ? 'yes' : 'NO'} |`),
  ].join('\n');
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, 'service-dir': { type: 'string' }, profile: { type: 'string' }, 'no-build': { type: 'boolean', default: false } },
  });
  const stopChildren = () => [...children].forEach((child) => child.kill('SIGKILL'));
  process.once('SIGINT', () => {
    stopChildren();
    process.exit(130);
  });
  writePathBench({ quick: values.quick!, serviceDir: values['service-dir'], profileDir: values.profile, build: !values['no-build'] })
    .then((figures) => console.log(markdownTable(figures)))
    .catch((error: unknown) => {
      console.error(error);
      stopChildren();
      process.exitCode = 1;
    });
}
