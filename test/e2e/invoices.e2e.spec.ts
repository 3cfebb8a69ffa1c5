import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EVENT_STORE, EventStore, InvoiceClosing, INVOICING_PROJECTIONS, READ_STORE, ReadStore, rebuildProjections, verifyProjections } from '@ledger/application';
import { money } from '@ledger/domain';
import { TestApi } from './harness/test-api';
import { headPosition } from './harness/route-table';
import { parseCsv } from '../support/csv';

/**
 * R32, R33 scenario, Kill Bill style: two partners, 14 months of purchases, renewals,
 * quantity changes, cancellations and suspensions on the test clock, the service down
 * across a billing date, and every invoice's totals worked out by hand below.
 *
 * Partner P (customers Alpha, Beta), unit prices of the demo catalog in cents:
 *  s1 A power-bi x5 (1200) 2026-01-01, renews on the 1st; 5 -> 8 seats 2026-02-11 (term Feb 1 -
 *     Mar 1, 18 of 28 days left: 3 x 1200 x 18 / 28 = 2314); renewed 2026-11-01 then 8 -> 6 seats
 *     12 h later, inside the window (credit 2 x 1200); 7200 a month from Dec 1.
 *  s2 B E3 x10 (4320) and s3 its add-on audio x10 (480), 2026-01-01, renew on the 1st (43200 +
 *     4800); suspended 2026-04-10, reactivated 2026-04-20 (no renewal in between: no money);
 *     cancelled after the window 2026-08-15: both end at the term end 2026-09-01.
 *  s4 A basic annual x2 (7200) 2026-01-15: 14400, renews 2027-01-15: 14400.
 *  s5 A exchange x3 (480) 2026-03-10: 1440, cancelled 12 h later inside the window: credit 1440.
 *  s6 A power-bi x2 2026-05-31: 2400; its renewal is due 2026-06-30 (invoice 2026-07), but the
 *     service is down from 2026-06-29 to 2026-07-02: written after 2026-07 closed, it lands on
 *     2026-08 (R33). Cancelled after the window 2026-07-05: ends 2026-07-31, nothing more.
 * Partner Q (customer Gamma):
 *  s7 G exchange x10 2026-01-01: 4800 a month until it is cancelled after the window 2026-10-15
 *     (ends 2026-11-01, last charge Oct 1).
 *  s8 G standard x2 (1500) 2026-03-05: 3000 on each 5th; suspended 2026-06-10, reactivated
 *     2026-06-20; auto-renew off 2026-08-20: expires 2026-09-05 (last charge Aug 5).
 * A charge lands on the invoice of the month after its business time (R20); invoices close a
 * minute after their billing date, numbered in closing order.
 */
interface Expected {
  period: string;
  number: string | null;
  charges: number;
  credits: number;
  lines: number;
  customers: Record<string, [charges: number, credits: number]>;
}

const P_INVOICES: Expected[] = [
  { period: '2026-02', number: 'INV-000001', charges: 6000 + 43200 + 4800 + 14400, credits: 0, lines: 4, customers: { Alpha: [20400, 0], Beta: [48000, 0] } },
  { period: '2026-03', number: 'INV-000002', charges: 6000 + 2314 + 48000, credits: 0, lines: 4, customers: { Alpha: [8314, 0], Beta: [48000, 0] } },
  { period: '2026-04', number: 'INV-000003', charges: 9600 + 1440 + 48000, credits: 1440, lines: 5, customers: { Alpha: [11040, 1440], Beta: [48000, 0] } },
  { period: '2026-05', number: 'INV-000004', charges: 9600 + 48000, credits: 0, lines: 3, customers: { Alpha: [9600, 0], Beta: [48000, 0] } },
  { period: '2026-06', number: 'INV-000005', charges: 9600 + 2400 + 48000, credits: 0, lines: 4, customers: { Alpha: [12000, 0], Beta: [48000, 0] } },
  { period: '2026-07', number: 'INV-000006', charges: 9600 + 48000, credits: 0, lines: 3, customers: { Alpha: [9600, 0], Beta: [48000, 0] } },
  // s6's late renewal (due Jun 30, written Jul 2) beside the July renewals.
  { period: '2026-08', number: 'INV-000007', charges: 2400 + 9600 + 48000, credits: 0, lines: 4, customers: { Alpha: [12000, 0], Beta: [48000, 0] } },
  { period: '2026-09', number: 'INV-000008', charges: 9600 + 48000, credits: 0, lines: 3, customers: { Alpha: [9600, 0], Beta: [48000, 0] } },
  { period: '2026-10', number: 'INV-000009', charges: 9600, credits: 0, lines: 1, customers: { Alpha: [9600, 0] } },
  { period: '2026-11', number: 'INV-000010', charges: 9600, credits: 0, lines: 1, customers: { Alpha: [9600, 0] } },
  { period: '2026-12', number: 'INV-000011', charges: 9600, credits: 2400, lines: 2, customers: { Alpha: [9600, 2400] } },
  { period: '2027-01', number: 'INV-000012', charges: 7200, credits: 0, lines: 1, customers: { Alpha: [7200, 0] } },
  { period: '2027-02', number: 'INV-000013', charges: 7200 + 14400, credits: 0, lines: 2, customers: { Alpha: [21600, 0] } },
  { period: '2027-03', number: null, charges: 7200, credits: 0, lines: 1, customers: { Alpha: [7200, 0] } },
];

const Q_INVOICES: Expected[] = [
  ['2026-02', 4800, 1], ['2026-03', 4800, 1], ['2026-04', 7800, 2], ['2026-05', 7800, 2], ['2026-06', 7800, 2], ['2026-07', 7800, 2],
  ['2026-08', 7800, 2], ['2026-09', 7800, 2], ['2026-10', 4800, 1], ['2026-11', 4800, 1],
].map(([period, charges, lines], i) => ({ period: period as string, number: `INV-${String(i + 1).padStart(6, '0')}`, charges: charges as number, credits: 0, lines: lines as number, customers: { Gamma: [charges as number, 0] } }));

const execFileAsync = promisify(execFile);

describe('R32/R33 invoices: two partners, 14 months on the test clock', () => {
  let api: TestApi;
  let p: string;
  let q: string;
  const customers: Record<string, string> = {};
  let keys = 0;
  let februaryWhenClosed: unknown;
  let tempDir: string;

  const ok = <T = any>(answer: { status: number; body: T }, status = 200): T => {
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status });
    return answer.body;
  };
  const to = async (instant: string) => ok(await api.request('POST', '/v1/test-clock/advance', { token: p, body: { to: instant.length === 10 ? `${instant}T00:00:00.000Z` : instant } }));
  /** The 1st (renewals fire at their instant) and the 2nd (the invoice closed a minute after its billing date). */
  const monthTurn = async (month: string) => {
    await to(`${month}-01`);
    await to(`${month}-02`);
  };
  const buy = async (token: string, customer: string, offerId: string, quantity: number): Promise<string> =>
    ok(await api.request('POST', `/v1/customers/${customers[customer]}/orders`, { token, headers: { 'idempotency-key': `i-${++keys}` }, body: { lines: [{ offerId, quantity }] } }), 201).subscriptions[0].id;
  const act = async (token: string, method: 'POST' | 'PUT', id: string, action: string, body?: unknown) => ok(await api.request(method, `/v1/subscriptions/${id}/${action}`, { token, body }));
  const get = async (token: string, path: string) => {
    const head = await headPosition(api);
    return api.request('GET', `${path}${path.includes('?') ? '&' : '?'}consistentWith=${head}`, { token });
  };
  const raw = async (token: string, path: string) => fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const expectedView = (e: Expected) => ({
    period: e.period,
    number: e.number,
    status: e.number ? 'closed' : 'open',
    billingDate: `${e.period}-01T00:00:00.000Z`,
    currency: 'USD',
    charges: money(e.charges),
    credits: money(e.credits),
    net: money(e.charges - e.credits),
    lineCount: e.lines,
    customers: Object.entries(e.customers).map(([name, [charges, credits]]) => ({ customerId: customers[name], customerName: name, charges: money(charges), credits: money(credits), net: money(charges - credits) })).sort((a, b) => (a.customerId < b.customerId ? -1 : 1)),
  });
  const allLines = async (token: string, period: string, customerId?: string) => {
    const lines: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = ok(await get(token, `/v1/invoices/${period}/lines?limit=2${customerId ? `&customerId=${customerId}` : ''}${cursor ? `&cursor=${cursor}` : ''}`));
      lines.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return lines;
  };
  const snapshot = async (token: string, expected: Expected[]) => {
    const out: Record<string, unknown> = { list: ok(await get(token, '/v1/invoices?limit=200')) };
    for (const e of expected) {
      out[e.period] = ok(await get(token, `/v1/invoices/${e.period}`));
      out[`${e.period}.lines`] = await allLines(token, e.period);
      out[`${e.period}.csv`] = await (await raw(token, `/v1/invoices/${e.period}/reconciliation.csv`)).text();
    }
    return out;
  };

  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'ledger-invoices-'));
    api = await TestApi.start({ now: new Date('2026-01-01T00:00:00.000Z') });
    p = await api.token('partner-p', ['global-admin']);
    q = await api.token('partner-q', ['global-admin']);
    const customer = async (token: string, name: string) => ok(await api.request('POST', '/v1/customers', { token, body: { name, billingCountry: 'TW', segment: 'commercial' } }), 201).id;
    customers.Alpha = await customer(p, 'Alpha');
    customers.Beta = await customer(p, 'Beta');
    customers.Gamma = await customer(q, 'Gamma');
  });
  afterAll(async () => {
    await api.stop();
    await rm(tempDir, { recursive: true, force: true });
  });

  it('R32/R33/R19: builds the history, with the service down across a billing date', async () => {
    const s1 = await buy(p, 'Alpha', 'power-bi-pro-monthly', 5);
    const s2 = await buy(p, 'Beta', 'm365-e3-monthly', 10);
    ok(await api.request('POST', `/v1/subscriptions/${s2}/add-ons`, { token: p, headers: { 'idempotency-key': `i-${++keys}` }, body: { offerId: 'teams-audio-conferencing', quantity: 10 } }), 201);
    const s7 = await buy(q, 'Gamma', 'exchange-online-p1-monthly', 10);
    await to('2026-01-15');
    const s4 = await buy(p, 'Alpha', 'm365-business-basic-annual', 2);
    await to('2026-02-01');
    // Open until its billing date, and a minute past it (the close waits out commands in flight).
    expect(ok(await get(p, '/v1/invoices/2026-02'))).toMatchObject({ status: 'open', number: null });
    await to('2026-02-02');
    februaryWhenClosed = ok(await get(p, '/v1/invoices/2026-02'));
    expect(februaryWhenClosed).toMatchObject({ status: 'closed', number: 'INV-000001', closedAt: '2026-02-02T00:00:00.000Z' });
    await to('2026-02-11');
    await act(p, 'PUT', s1, 'quantity', { quantity: 8 });
    await monthTurn('2026-03');
    await to('2026-03-05');
    const s8 = await buy(q, 'Gamma', 'm365-business-standard-monthly', 2);
    await to('2026-03-10');
    const s5 = await buy(p, 'Alpha', 'exchange-online-p1-monthly', 3);
    await to('2026-03-10T12:00:00.000Z');
    expect(ok(await api.request('POST', `/v1/subscriptions/${s5}/cancel`, { token: p })).credit).toEqual(money(1440));
    await monthTurn('2026-04');
    await to('2026-04-10');
    await act(p, 'POST', s2, 'suspend', { reason: 'other' });
    await to('2026-04-20');
    await act(p, 'POST', s2, 'reactivate');
    await monthTurn('2026-05');
    await to('2026-05-31');
    const s6 = await buy(p, 'Alpha', 'power-bi-pro-monthly', 2);
    await monthTurn('2026-06');
    await to('2026-06-10');
    await act(q, 'POST', s8, 'suspend', { reason: 'customer-request' });
    await to('2026-06-20');
    await act(q, 'POST', s8, 'reactivate');
    await to('2026-06-29');

    // Down from Jun 29 to Jul 2: s6's renewal (due Jun 30) and the July close both fire on restart.
    const dataDir = api.dataDir;
    await api.stop({ keepData: true });
    api = await TestApi.start({ dataDir, now: new Date('2026-07-02T00:00:00.000Z') });
    ok(await api.request('POST', '/v1/test-clock/advance', { token: p, body: { by: 'PT1S' } }));
    const july = ok(await get(p, '/v1/invoices/2026-07'));
    expect(july).toMatchObject({ status: 'closed', number: 'INV-000006' });
    const late = (await allLines(p, '2026-08')).find((line) => line.subscriptionId === s6);
    expect(late).toMatchObject({ chargeType: 'renewal', amount: money(2400), effectiveAt: '2026-06-30T00:00:00.000Z', servicePeriodStart: '2026-06-30T00:00:00.000Z', servicePeriodEnd: '2026-07-31T00:00:00.000Z' });
    expect(late.occurredAt >= '2026-07-02').toBe(true);

    await to('2026-07-05');
    expect(ok(await api.request('POST', `/v1/subscriptions/${s6}/cancel`, { token: p })).outcome).toBe('scheduled');
    await monthTurn('2026-08');
    await to('2026-08-15');
    expect(ok(await api.request('POST', `/v1/subscriptions/${s2}/cancel`, { token: p })).outcome).toBe('scheduled');
    await to('2026-08-20');
    await act(q, 'PUT', s8, 'auto-renew', { enabled: false });
    await monthTurn('2026-09');
    await monthTurn('2026-10');
    await to('2026-10-15');
    expect(ok(await api.request('POST', `/v1/subscriptions/${s7}/cancel`, { token: q })).outcome).toBe('scheduled');
    await to('2026-11-01');
    await to('2026-11-01T12:00:00.000Z');
    ok(await api.request('PUT', `/v1/subscriptions/${s1}/quantity`, { token: p, body: { quantity: 6 } }));
    await to('2026-11-02');
    await monthTurn('2026-12');
    await monthTurn('2027-01');
    await to('2027-01-15');
    await monthTurn('2027-02');
    await to('2027-02-20');
    void s4;
  });

  it('R32/R33: every invoice holds the hand-computed totals per customer and for the partner, numbered in closing order', async () => {
    for (const e of P_INVOICES) expect(ok(await get(p, `/v1/invoices/${e.period}`))).toMatchObject(expectedView(e));
    for (const e of Q_INVOICES) expect(ok(await get(q, `/v1/invoices/${e.period}`))).toMatchObject(expectedView(e));
    const list = ok(await get(p, '/v1/invoices?limit=5'));
    expect(list.items.map((i: { period: string }) => i.period)).toEqual(['2027-03', '2027-02', '2027-01', '2026-12', '2026-11']);
    expect(list.items[0]).not.toHaveProperty('customers');
    expect(list.nextCursor).toEqual(expect.any(String));
  });

  it('R32: lines add up to the customer totals and those to the invoice, with their charge types and service periods', async () => {
    const march = await allLines(p, '2026-03');
    // The three renewals fire together (in any order among themselves), before the increase.
    expect(march.slice(0, 3).map((l) => [l.chargeType, l.amount.amount, l.quantity]).sort()).toEqual([
      ['renewal', '432.00', 10], ['renewal', '48.00', 10], ['renewal', '60.00', 5],
    ]);
    expect([march[3].chargeType, march[3].amount.amount, march[3].quantity]).toEqual(['quantity-increase', '23.14', 3]);
    expect(march[3]).toMatchObject({ customerName: 'Alpha', offerId: 'power-bi-pro-monthly', unitPrice: money(1200), servicePeriodStart: '2026-02-11T00:00:00.000Z', servicePeriodEnd: '2026-03-01T00:00:00.000Z' });
    const april = await allLines(p, '2026-04');
    expect(april.map((l) => l.chargeType).slice(3)).toEqual(['purchase', 'cancellation']);
    expect(april[4]).toMatchObject({ amount: money(-1440), quantity: 3 });
    const february = await allLines(p, '2026-02');
    expect(february.map((l) => l.chargeType)).toEqual(['purchase', 'purchase', 'add-on', 'purchase']);
    expect(february[2]).toMatchObject({ offerId: 'teams-audio-conferencing', quantity: 10, unitPrice: money(480), servicePeriodEnd: '2026-02-01T00:00:00.000Z' });
    const december = await allLines(p, '2026-12');
    expect(december.map((l) => [l.chargeType, l.amount.amount, l.quantity])).toEqual([['renewal', '96.00', 8], ['quantity-decrease', '-24.00', 2]]);
    for (const e of P_INVOICES) {
      const lines = await allLines(p, e.period);
      expect(lines).toHaveLength(e.lines);
      expect(lines.reduce((sum, l) => sum + cents(l.amount.amount), 0)).toBe(e.charges - e.credits);
      for (const [name, [charges, credits]] of Object.entries(e.customers)) {
        const own = await allLines(p, e.period, customers[name]);
        expect(own.every((l) => l.customerId === customers[name])).toBe(true);
        expect(own.reduce((sum, l) => sum + cents(l.amount.amount), 0)).toBe(charges - credits);
      }
    }
  });

  it('R33: the reconciliation CSV has one row per line, the lines\' columns, and sums to the invoice', async () => {
    for (const [token, expected] of [[p, P_INVOICES], [q, Q_INVOICES]] as const) {
      for (const e of expected) {
        const answer = await raw(token, `/v1/invoices/${e.period}/reconciliation.csv`);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
        const [header, ...rows] = parseCsv(await answer.text());
        expect(header).toEqual(['lineId', 'customerId', 'customerName', 'subscriptionId', 'offerId', 'offerName', 'chargeType', 'servicePeriodStart', 'servicePeriodEnd', 'quantity', 'unitPrice', 'amount', 'occurredAt', 'effectiveAt']);
        expect(rows).toHaveLength(e.lines);
        const amount = header.indexOf('amount');
        expect(rows.reduce((sum, row) => sum + cents(row[amount]), 0)).toBe(e.charges - e.credits);
        const lines = await allLines(token, e.period);
        expect(rows.map((row) => row[0])).toEqual(lines.map((l) => l.lineId));
      }
    }
  });

  it('R33: the PDF, read back by a PDF parser, shows the partner, number, period, billing date and totals', async () => {
    const e = P_INVOICES[3];
    const answer = await raw(p, `/v1/invoices/${e.period}/invoice.pdf`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    const file = join(tempDir, 'invoice.pdf');
    await writeFile(file, Buffer.from(await answer.arrayBuffer()));
    const { stdout } = await execFileAsync(process.execPath, [join(__dirname, '..', 'support', 'pdf-text.mjs'), file]);
    const { text } = JSON.parse(stdout) as { text: string };
    for (const needle of ['partner-p', 'INV-000004', '2026-05', '2026-05-01', 'Alpha', 'Beta', '96.00', '480.00', '576.00', 'Partner totals']) expect(text).toContain(needle);
  });

  it('R33/R19: closing again (a second worker, a retry) writes nothing: one close per invoice, gapless, in period order', async () => {
    const closing = api.app.get(InvoiceClosing);
    expect(await Promise.all([closing.close('partner-p', '2026-05'), closing.close('partner-p', '2026-05'), closing.close('partner-q', '2026-11')])).toEqual([false, false, false]);
    const events = await api.app.get<EventStore>(EVENT_STORE).readStream('invoices-partner-p');
    expect(events.map((e) => [e.type, e.data.period, e.data.number])).toEqual(P_INVOICES.filter((e) => e.number).map((e) => ['InvoiceClosed', e.period, e.number]));
  });

  it('R33: a closed invoice is unchanged months later', async () => {
    expect(ok(await get(p, '/v1/invoices/2026-02'))).toEqual(februaryWhenClosed);
  });

  it('R1/R2: only the calling partner\'s invoices, only for billing roles', async () => {
    expect(ok(await get(q, '/v1/invoices?limit=200')).items.map((i: { period: string }) => i.period)).toEqual(Q_INVOICES.map((e) => e.period).reverse());
    for (const path of ['/v1/invoices/2027-01', '/v1/invoices/2027-01/lines', '/v1/invoices/2027-01/reconciliation.csv', '/v1/invoices/2027-01/invoice.pdf']) {
      const answer = await get(q, path);
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status: 404, code: 'not-found' });
    }
    expect((await get(q, `/v1/invoices/2026-05/lines?customerId=${customers.Alpha}`)).status).toBe(404);
    for (const role of ['sales-agent', 'helpdesk-agent']) {
      const token = await api.token('partner-p', [role]);
      for (const path of ['/v1/invoices', '/v1/invoices/2026-05', '/v1/invoices/2026-05/lines', '/v1/invoices/2026-05/reconciliation.csv', '/v1/invoices/2026-05/invoice.pdf']) expect((await get(token, path)).status).toBe(403);
    }
    for (const role of ['billing-admin', 'admin-agent']) expect((await get(await api.token('partner-p', [role]), '/v1/invoices/2026-05')).status).toBe(200);
    expect((await api.request('GET', '/v1/invoices')).status).toBe(401);
    expect((await get(p, '/v1/invoices/2026-13')).status).toBe(400);
    expect((await get(p, '/v1/invoices/2026-05/lines?limit=0')).status).toBe(400);
    expect((await get(p, '/v1/invoices/2026-05/lines?bogus=1')).status).toBe(400);
  });

  it('R33: the CLI exports a period\'s reconciliation file of every partner, the same as the API\'s', async () => {
    const root = join(__dirname, '..', '..');
    const out = join(tempDir, 'export');
    const { stderr } = await execFileAsync(join(root, 'node_modules/.bin/tsx'), [join(root, 'apps/cli/src/main.ts'), 'export-invoices', '--period', '2026-05', '--out', out], {
      cwd: root,
      env: { ...process.env, DATA_DIR: api.config.dataDir, NODE_ENV: 'test' },
    });
    expect(stderr).toMatch(/exported 2026-05: 2 partner\(s\), 5 lines/);
    expect((await readdir(out)).sort()).toEqual(['partner-p-2026-05.csv', 'partner-q-2026-05.csv']);
    expect(await readFile(join(out, 'partner-p-2026-05.csv'), 'utf8')).toBe(await (await raw(p, '/v1/invoices/2026-05/reconciliation.csv')).text());
    expect(await readFile(join(out, 'partner-q-2026-05.csv'), 'utf8')).toBe(await (await raw(q, '/v1/invoices/2026-05/reconciliation.csv')).text());
  }, 60_000);

  it('R33/R21: a rebuild from the log gives the same invoices, lines, CSV and numbers', async () => {
    const before = { p: await snapshot(p, P_INVOICES), q: await snapshot(q, Q_INVOICES) };
    const stores = { eventStore: api.app.get<EventStore>(EVENT_STORE), readStore: api.app.get<ReadStore>(READ_STORE) };
    for (const report of await verifyProjections(stores, INVOICING_PROJECTIONS)) expect(report).toMatchObject({ missing: [], extra: [], different: [] });
    await rebuildProjections(stores, INVOICING_PROJECTIONS);
    expect({ p: await snapshot(p, P_INVOICES), q: await snapshot(q, Q_INVOICES) }).toEqual(before);
  });
});

function cents(amount: string): number {
  const [whole, fraction] = amount.replace('-', '').split('.');
  return (amount.startsWith('-') ? -1 : 1) * (Number(whole) * 100 + Number(fraction));
}
