/**
 * A realistic event log built through the real command path: the built Nest application
 * (dist/, `nest build api`) in this process with a test clock, driven over HTTP
 * (Fastify inject: the real controllers, validation, auth guard, CommandBus, handlers,
 * event store, projections and timer poller). A seeded plan (customers, multi-line orders,
 * a 10,000-subscription customer, suspends, reactivations, quantity changes, auto-renew
 * off, cancels) is played day by day; between days the test clock advances, which fires
 * renewals, trial conversions, expiries, scheduled cancellations.
 *
 * The result (events.db, read.db, manifest.json) is cached in bench/.cache/<size>-v<version>/.
 *
 *   node --import tsx bench/generate-log.ts [--size full|quick] [--force]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '../libs/infrastructure/src/event-store/sqlite/sqlite-event-store';
import { mintToken, ROOT, runPool, scratchRoot } from './support';

/** Bump when the plan or its timeline changes: the cache key. */
// 2: the demo catalog's new-commerce offers are in the mix (their lines name a purchase option, R25).
export const GENERATOR_VERSION = 2;

export interface LogSize {
  name: 'full' | 'quick';
  customers: number; // including the big customer
  bigCustomerSubscriptions: number;
  subscriptionsPerCustomer: [number, number]; // ordinary customers, uniform inclusive
  purchaseDays: number; // customers and orders arrive during these days
  totalDays: number; // the clock runs this long (renewals keep coming)
  seed: number;
}

export const SIZES: Record<LogSize['name'], LogSize> = {
  full: { name: 'full', customers: 30_000, bigCustomerSubscriptions: 10_000, subscriptionsPerCustomer: [4, 16], purchaseDays: 70, totalDays: 80, seed: 20261125 },
  quick: { name: 'quick', customers: 300, bigCustomerSubscriptions: 1_000, subscriptionsPerCustomer: [4, 16], purchaseDays: 70, totalDays: 80, seed: 20261125 },
};

/**
 * The log is dated in the future (from 2027-09-06) on purpose: the built service's test
 * clock starts at the real now, so timers of a log dated in the past would fire during
 * the measurements. The bench moves the service's clock to `end` once caught up.
 */
const T0 = Date.parse('2027-09-06T09:00:00.000Z');
const DAY = 86_400_000;
const CONCURRENCY = 48;

export const BIG_PARTNER = 'bench-big';
const PARTNERS: Array<[string, number]> = [[BIG_PARTNER, 0.97], ['bench-p2', 0.01], ['bench-p3', 0.01], ['bench-p4', 0.01]];
const SEGMENTS: Array<[string, number]> = [['commercial', 0.85], ['education', 0.05], ['government', 0.05], ['nonprofit', 0.05]];
const COUNTRIES: Array<[string, number]> = [['US', 0.4], ['GB', 0.15], ['DE', 0.15], ['TW', 0.15], ['JP', 0.15]];
const SUSPEND_REASONS = ['customer-request', 'non-payment', 'fraud', 'other'];

export interface Manifest {
  version: number;
  size: LogSize;
  start: string;
  end: string;
  partners: string[];
  bigPartner: string;
  bigCustomer: { partnerId: string; customerId: string };
  /** A sample of ordinary customers of the big partner, for list figures. */
  ordinaryCustomers: Array<{ partnerId: string; customerId: string }>;
  customers: number;
  subscriptions: number;
  events: number;
  eventsByType: Record<string, number>;
  commands: Record<string, number>;
  answers: Record<string, number>;
  generation: { seconds: number; eventsPerSecond: number; commandsPerSecond: number; node: string; cores: number; date: string };
}

export function cacheDir(size: LogSize['name']): string {
  return join(ROOT, 'bench', '.cache', `${size}-v${GENERATOR_VERSION}`);
}

/** The cached log of this size, generated first (in a child process) when missing. */
export async function ensureLog(size: LogSize['name']): Promise<{ dir: string; manifest: Manifest }> {
  const dir = cacheDir(size);
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.log(`generating the ${size} log (not cached in ${dir})`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'generate-log.ts'), '--size', size], { cwd: ROOT, stdio: 'inherit' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generate-log exited with ${code}`))));
    });
  }
  return { dir, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest };
}

// ---------------------------------------------------------------- seeded randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: ReadonlyArray<[T, number]>): T {
    let r = this.next();
    for (const [item, weight] of items) if ((r -= weight) < 0) return item;
    return items[items.length - 1][0];
  }
}

// ---------------------------------------------------------------- the plan

interface Offer {
  id: string;
  billingType: 'license' | 'usage';
  billingFrequency: 'monthly' | 'annual' | null;
  segments: string[];
  countries: string[] | 'all';
  exclusiveTo: string[] | null;
  transactable: boolean;
  onePerCustomer: boolean;
  minQuantity: number | null;
  maxQuantity: number | null;
  trialDays: number | null;
  /** R25: a new-commerce offer's lines name one of its purchase options. */
  program?: 'legacy' | 'new-commerce';
  purchaseOptions?: Array<{ termDuration: string; billingFrequency: string }>;
}

type Op =
  | { kind: 'cancel' }
  | { kind: 'suspend'; reason: string }
  | { kind: 'reactivate' }
  | { kind: 'quantity'; quantity: number }
  | { kind: 'auto-renew-off' };

/** What happens to one line's subscription after purchase: day offsets from the purchase. */
interface LineFate {
  now: Op[]; // right after the order answers (inside the cancellation window)
  later: Array<{ after: number; op: Op }>;
}

interface PlannedOrder {
  day: number;
  key: string;
  lines: Array<{ offerId: string; quantity?: number; termDuration?: string; billingFrequency?: string; fate: LineFate }>;
}

interface PlannedCustomer {
  index: number;
  partnerId: string;
  day: number;
  body: { name: string; billingCountry: string; segment: string };
  orders: PlannedOrder[];
}

function eligible(offers: Offer[], partnerId: string, segment: string, country: string): Offer[] {
  return offers.filter(
    (o) => o.transactable && (o.exclusiveTo === null || o.exclusiveTo.includes(partnerId)) && o.segments.includes(segment) && (o.countries === 'all' || o.countries.includes(country)),
  );
}

function fate(rng: Random, offer: Offer, quantity: number | undefined): LineFate {
  const f: LineFate = { now: [], later: [] };
  const license = offer.billingType === 'license';
  const trial = (offer.trialDays ?? 0) > 0;
  const roll = rng.float();
  if (roll < 0.02) {
    f.now.push({ kind: 'cancel' }); // inside the window: cancelled at once, credited
    return f;
  }
  if (license && !trial && quantity !== undefined && quantity > (offer.minQuantity ?? 1) && roll < 0.03) {
    f.now.push({ kind: 'quantity', quantity: quantity - 1 }); // decrease inside the window: credit
  }
  if (rng.chance(0.05)) {
    const at = rng.int(1, 40);
    f.later.push({ after: at, op: { kind: 'suspend', reason: rng.pick(SUSPEND_REASONS) } });
    if (rng.chance(0.6)) f.later.push({ after: at + rng.int(1, 30), op: { kind: 'reactivate' } });
  }
  if (license && !trial && quantity !== undefined && rng.chance(0.06)) {
    const max = offer.maxQuantity ?? quantity + 10;
    if (quantity < max) f.later.push({ after: rng.int(2, 50), op: { kind: 'quantity', quantity: Math.min(max, quantity + rng.int(1, 10)) } });
  }
  if (rng.chance(0.02)) f.later.push({ after: rng.int(1, 50), op: { kind: 'auto-renew-off' } });
  if (rng.chance(0.03)) f.later.push({ after: rng.int(3, 60), op: { kind: 'cancel' } }); // mostly scheduled at term end
  f.later.sort((a, b) => a.after - b.after);
  return f;
}

function line(rng: Random, offer: Offer): { offerId: string; quantity?: number; termDuration?: string; billingFrequency?: string } {
  if (offer.billingType === 'usage') return { offerId: offer.id };
  const min = offer.minQuantity ?? 1;
  const max = Math.min(offer.maxQuantity ?? 25, rng.chance(0.8) ? 25 : 300);
  const quantity = rng.int(min, Math.max(min, max));
  if (offer.program !== 'new-commerce' || !offer.purchaseOptions?.length) return { offerId: offer.id, quantity };
  const { termDuration, billingFrequency } = rng.pick(offer.purchaseOptions);
  return { offerId: offer.id, quantity, termDuration, billingFrequency };
}

function planOrders(rng: Random, size: LogSize, offers: Offer[], customerIndex: number, firstDay: number, count: number, maxLines: number): PlannedOrder[] {
  const held = new Set<string>();
  const orders: PlannedOrder[] = [];
  let left = count;
  let n = 0;
  while (left > 0 && offers.some((o) => !(o.onePerCustomer && held.has(o.id)))) {
    const lines = Math.min(left, rng.int(1, maxLines));
    const day = n === 0 ? firstDay : Math.min(size.purchaseDays - 1, firstDay + rng.int(0, 14));
    const order: PlannedOrder = { day, key: `gen-${customerIndex}-${n}`, lines: [] };
    for (let i = 0; i < lines; i++) {
      const choices = offers.filter((o) => !(o.onePerCustomer && held.has(o.id)));
      if (choices.length === 0) break;
      const offer = rng.pick(choices);
      if (offer.onePerCustomer) held.add(offer.id);
      const l = line(rng, offer);
      order.lines.push({ ...l, fate: fate(rng, offer, l.quantity) });
    }
    orders.push(order);
    left -= Math.max(1, order.lines.length);
    n++;
  }
  return orders;
}

function plan(size: LogSize, catalog: Offer[]): PlannedCustomer[] {
  const rng = new Random(size.seed);
  const customers: PlannedCustomer[] = [];
  for (let index = 0; index < size.customers; index++) {
    const big = index === 0;
    const partnerId = big ? BIG_PARTNER : rng.weighted(PARTNERS);
    const segment = big ? 'commercial' : rng.weighted(SEGMENTS);
    const country = big ? 'US' : rng.weighted(COUNTRIES);
    const day = big ? 0 : Math.floor((size.purchaseDays * index) / size.customers);
    const offers = eligible(catalog, partnerId, segment, country);
    const body = { name: big ? 'Bench Big Customer' : `Bench customer ${index}`, billingCountry: country, segment };
    let orders: PlannedOrder[];
    if (big) {
      // The big customer buys in 50-line orders spread over the purchase days.
      const count = Math.ceil(size.bigCustomerSubscriptions / 50);
      const repeatable = offers.filter((o) => !o.onePerCustomer);
      orders = Array.from({ length: count }, (_, n) => ({
        day: Math.floor((size.purchaseDays * n) / count),
        key: `gen-big-${n}`,
        lines: Array.from({ length: Math.min(50, size.bigCustomerSubscriptions - n * 50) }, () => {
          const offer = rng.pick(repeatable);
          const l = line(rng, offer);
          return { ...l, fate: fate(rng, offer, l.quantity) };
        }),
      }));
    } else {
      orders = planOrders(rng, size, offers, index, day, rng.int(...size.subscriptionsPerCustomer), 8);
    }
    customers.push({ index, partnerId, day, body, orders });
  }
  return customers;
}

// ---------------------------------------------------------------- playing it

interface App {
  inject(options: { method: string; url: string; headers?: Record<string, string>; payload?: string }): Promise<{ statusCode: number; body: string }>;
  init(): Promise<unknown>;
  close(): Promise<void>;
}

class Player {
  readonly commands: Record<string, number> = {};
  readonly answers: Record<string, number> = {};
  private readonly tokens = new Map<string, { token: string; at: number }>();
  private unexpected = 0;
  subscriptions = 0;
  head = 0;

  constructor(private readonly app: App) {}

  private async token(partnerId: string, role: string, user: number): Promise<string> {
    const key = `${partnerId}/${role}/${user}`;
    const cached = this.tokens.get(key);
    if (cached && Date.now() - cached.at < 3_600_000) return cached.token;
    const token = await mintToken({ partnerId, roles: [role], userId: `${role}-${user}` });
    this.tokens.set(key, { token, at: Date.now() });
    return token;
  }

  async call(name: string, partnerId: string, role: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const token = await this.token(partnerId, role, Math.floor(Math.random() * 5));
    const response = await this.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed = response.body ? JSON.parse(response.body) : null;
    this.commands[name] = (this.commands[name] ?? 0) + 1;
    const outcome = `${name} ${response.statusCode}${response.statusCode >= 400 ? ` ${parsed?.code ?? ''}` : ''}`;
    this.answers[outcome] = (this.answers[outcome] ?? 0) + 1;
    if (response.statusCode >= 500 && this.unexpected++ < 10) console.error(`  ${method} ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    const position = Number(parsed?.position);
    if (Number.isFinite(position) && position > this.head) this.head = position;
    return { status: response.statusCode, body: parsed };
  }

  async op(partnerId: string, subscriptionId: string, op: Op): Promise<void> {
    const url = `/v1/subscriptions/${subscriptionId}`;
    switch (op.kind) {
      case 'cancel':
        await this.call('cancel', partnerId, 'admin-agent', 'POST', `${url}/cancel`);
        return;
      case 'suspend':
        await this.call('suspend', partnerId, 'helpdesk-agent', 'POST', `${url}/suspend`, { reason: op.reason });
        return;
      case 'reactivate':
        await this.call('reactivate', partnerId, 'helpdesk-agent', 'POST', `${url}/reactivate`);
        return;
      case 'quantity':
        await this.call('quantity', partnerId, 'sales-agent', 'PUT', `${url}/quantity`, { quantity: op.quantity });
        return;
      case 'auto-renew-off':
        await this.call('auto-renew-off', partnerId, 'billing-admin', 'PUT', `${url}/auto-renew`, { enabled: false });
    }
  }
}

async function generate(size: LogSize, target: string): Promise<Manifest> {
  const started = Date.now();
  const work = mkdtempSync(join(scratchRoot(), `ledger-gen-${size.name}-`));
  const dist = (file: string) => require(join(ROOT, 'dist', file));
  if (!existsSync(join(ROOT, 'dist', 'apps', 'api', 'src', 'create-api.js'))) throw new Error('dist/ is missing: run `npx nest build api` first (bench/run.ts does)');
  const { createApi } = dist('apps/api/src/create-api.js');
  const { parseAppConfig, TestClock } = dist('libs/infrastructure/src/index.js');
  const config = parseAppConfig({ NODE_ENV: 'test', DATA_DIR: work, PORT: '0', TEST_CLOCK: 'enabled' });
  const app: App = await createApi(config, { withWorker: true, clock: new TestClock(new Date(T0)) });
  await app.init();
  const player = new Player(app);
  try {
    let offers: Offer[] = [];
    for (let i = 0; i < 200 && offers.length === 0; i++) {
      offers = (await player.call('offers', BIG_PARTNER, 'sales-agent', 'GET', '/v1/offers')).body?.items ?? [];
      if (offers.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    if (offers.length === 0) throw new Error('the catalog never appeared');
    const customers = plan(size, offers);
    const planned = customers.reduce((n, c) => n + c.orders.reduce((m, o) => m + o.lines.length, 0), 0);
    console.log(`plan: ${customers.length.toLocaleString('en-US')} customers, ${planned.toLocaleString('en-US')} subscriptions, ${size.totalDays} days; data in ${work}`);

    const ids = new Map<number, string>(); // customer index -> id
    const later = new Map<number, Array<{ partnerId: string; subscriptionId: string; op: Op }>>(); // day -> ops
    const ordersByDay = new Map<number, Array<{ customer: PlannedCustomer; order: PlannedOrder }>>();
    for (const customer of customers) for (const order of customer.orders) {
      if (order.day === customer.day && customer.index !== 0) continue; // placed in the customer's own chain
      (ordersByDay.get(order.day) ?? ordersByDay.set(order.day, []).get(order.day)!).push({ customer, order });
    }

    const placeOrder = async (customer: PlannedCustomer, order: PlannedOrder, day: number) => {
      const id = ids.get(customer.index);
      if (!id) return;
      const answer = await player.call('order', customer.partnerId, 'sales-agent', 'POST', `/v1/customers/${id}/orders`, { lines: order.lines.map(({ offerId, quantity, termDuration, billingFrequency }) => ({ offerId, quantity, termDuration, billingFrequency })) }, { 'idempotency-key': order.key });
      if (answer.status !== 201) return;
      const subs: Array<{ id: string }> = answer.body.subscriptions;
      player.subscriptions += subs.length;
      for (const [i, sub] of subs.entries()) {
        const f = order.lines[i].fate;
        for (const op of f.now) await player.op(customer.partnerId, sub.id, op);
        for (const { after, op } of f.later) {
          const at = day + after;
          if (at >= size.totalDays) continue;
          (later.get(at) ?? later.set(at, []).get(at)!).push({ partnerId: customer.partnerId, subscriptionId: sub.id, op });
        }
      }
    };

    let lastReport = Date.now();
    const report = (day: number) => {
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `  day ${day}/${size.totalDays}: ${player.head.toLocaleString('en-US')} events, ${player.subscriptions.toLocaleString('en-US')} subscriptions, ${Math.round(seconds)} s, ${Math.round(player.head / seconds).toLocaleString('en-US')} events/s`,
      );
    };
    const progress = setInterval(() => report(currentDay), 15_000);
    let currentDay = 0;
    try {
      for (let day = 0; day < size.totalDays; day++) {
        currentDay = day;
        const tasks: Array<() => Promise<void>> = [];
        // Orders of existing customers (the big customer's orders one after another: one stream).
        const big = (ordersByDay.get(day) ?? []).filter((o) => o.customer.index === 0);
        if (big.length > 0) tasks.push(async () => {
          if (!ids.has(0)) {
            const created = await player.call('create-customer', BIG_PARTNER, 'sales-agent', 'POST', '/v1/customers', customers[0].body);
            ids.set(0, created.body.id);
          }
          for (const { customer, order } of big) await placeOrder(customer, order, day);
        });
        for (const { customer, order } of (ordersByDay.get(day) ?? []).filter((o) => o.customer.index !== 0)) tasks.push(() => placeOrder(customer, order, day));
        // New customers: create, then their first orders.
        for (const customer of customers) {
          if (customer.day !== day || customer.index === 0) continue;
          tasks.push(async () => {
            const created = await player.call('create-customer', customer.partnerId, 'sales-agent', 'POST', '/v1/customers', customer.body);
            if (created.status !== 201) return;
            ids.set(customer.index, created.body.id);
            for (const order of customer.orders.filter((o) => o.day === day)) await placeOrder(customer, order, day);
          });
        }
        // Lifecycle commands due today (one chain per subscription, in plan order).
        const bySubscription = new Map<string, Array<{ partnerId: string; op: Op }>>();
        for (const item of later.get(day) ?? []) (bySubscription.get(item.subscriptionId) ?? bySubscription.set(item.subscriptionId, []).get(item.subscriptionId)!).push(item);
        later.delete(day);
        for (const [subscriptionId, ops] of bySubscription) tasks.push(async () => {
          for (const { partnerId, op } of ops) await player.op(partnerId, subscriptionId, op);
        });
        await runPool(tasks, CONCURRENCY);
        const advanced = await advance(player, new Date(T0 + (day + 1) * DAY));
        if (!advanced) throw new Error(`the test clock did not advance to day ${day + 1}`);
        if (Date.now() - lastReport > 60_000) {
          lastReport = Date.now();
        }
      }
    } finally {
      clearInterval(progress);
    }
    report(size.totalDays);
    const end = new Date(T0 + size.totalDays * DAY).toISOString();
    const bigCustomer = { partnerId: BIG_PARTNER, customerId: ids.get(0)! };
    const ordinaryCustomers = customers
      .filter((c) => c.index !== 0 && c.partnerId === BIG_PARTNER && ids.has(c.index))
      .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 2000)) === 0)
      .map((c) => ({ partnerId: c.partnerId, customerId: ids.get(c.index)! }));
    await app.close();
    const seconds = (Date.now() - started) / 1000;

    const { total, byType } = await countEvents(join(work, 'events.db'));
    const manifest: Manifest = {
      version: GENERATOR_VERSION,
      size,
      start: new Date(T0).toISOString(),
      end,
      partners: PARTNERS.map(([p]) => p),
      bigPartner: BIG_PARTNER,
      bigCustomer,
      ordinaryCustomers,
      customers: ids.size,
      subscriptions: player.subscriptions,
      events: total,
      eventsByType: byType,
      commands: player.commands,
      answers: player.answers,
      generation: { seconds, eventsPerSecond: Math.round(total / seconds), commandsPerSecond: Math.round(Object.values(player.commands).reduce((a, b) => a + b, 0) / seconds), node: process.version, cores: require('node:os').cpus().length, date: new Date().toISOString() },
    };
    const staging = `${target}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const file of ['events.db', 'read.db']) if (existsSync(join(work, file))) copyFileSync(join(work, file), join(staging, file));
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return manifest;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** POST /v1/test-clock/advance, retried: it answers once timers fired and read models caught up. */
async function advance(player: Player, to: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const answer = await player.call('advance', BIG_PARTNER, 'global-admin', 'POST', '/v1/test-clock/advance', { to: to.toISOString() });
    if (answer.status === 200) return true;
    console.log(`  advance to ${to.toISOString()}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)} (retrying)`);
  }
  return false;
}

export async function countEvents(file: string): Promise<{ total: number; byType: Record<string, number> }> {
  const store = SqliteEventStore.open(file);
  const byType: Record<string, number> = {};
  let total = 0;
  try {
    for await (const batch of store.readAll({ batchSize: 5000 })) {
      for (const event of batch) byType[event.type] = (byType[event.type] ?? 0) + 1;
      total += batch.length;
    }
  } finally {
    await store.close();
  }
  return { total, byType: Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1])) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: 'full' }, force: { type: 'boolean', default: false } } });
  const size = SIZES[values.size as LogSize['name']];
  if (!size) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  const target = cacheDir(size.name);
  if (existsSync(join(target, 'manifest.json')) && !values.force) {
    console.log(`cached: ${target}`);
    return;
  }
  const manifest = await generate(size, target);
  const mib = statSync(join(target, 'events.db')).size / 1024 / 1024;
  console.log(
    `generated ${manifest.events.toLocaleString('en-US')} events (${manifest.customers.toLocaleString('en-US')} customers, ${manifest.subscriptions.toLocaleString('en-US')} subscriptions) in ${Math.round(manifest.generation.seconds)} s: ${manifest.generation.eventsPerSecond.toLocaleString('en-US')} events/s; events.db ${mib.toFixed(0)} MiB in ${target}`,
  );
  console.log(JSON.stringify(manifest.eventsByType));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
