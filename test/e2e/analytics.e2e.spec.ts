import { analyticsProjection, customerAnalyticsKey, EVENT_STORE, EventStore, READ_STORE, ReadStore, rebuildProjection, verifyProjection } from '@ledger/application';
import { money } from '@ledger/domain';
import { TestApi } from './harness/test-api';
import { headPosition } from './harness/route-table';

/**
 * R24 scenario, Kill Bill style: a known history over 14 months on the test clock, every
 * figure of every month checked against values worked out by hand below. Purchases and
 * actions happen at midnight UTC (or a few hours after, inside a window) and the clock
 * moves day by day at midnight, so every timer fires exactly at its due instant and the
 * business time of every event is known.
 */

// Unit prices of the demo catalog, in cents.
const POWER_BI = 1200; // power-bi-pro-monthly
const BASIC_ANNUAL = 7200; // m365-business-basic-annual (MRR: one twelfth = 600 a seat)
const CRM = 2500; // contoso-crm-saas-monthly, 30-day trial
const EXCHANGE = 480; // exchange-online-p1-monthly
const E3 = 4320; // m365-e3-monthly
const AUDIO = 480; // teams-audio-conferencing (add-on of E3)
const VISIO_ANNUAL = 18000; // visio-plan-2-annual (MRR: 1500)
const STANDARD = 1500; // m365-business-standard-monthly

const DAY = 86_400_000;
const START = '2026-01-01T00:00:00.000Z';

interface Row {
  purchased?: number;
  cancelled?: number;
  expired?: number;
  deleted?: number;
  active: number;
  mrr: number;
  charges?: number;
  credits?: number;
}

/** A month as the API shows it to a role with analytics-money (net = charges - credits). */
const month = (name: string, r: Row) => ({
  month: name,
  purchased: r.purchased ?? 0,
  cancelled: r.cancelled ?? 0,
  expired: r.expired ?? 0,
  deleted: r.deleted ?? 0,
  activeAtEnd: r.active,
  mrrAtEnd: money(r.mrr),
  charges: money(r.charges ?? 0),
  credits: money(r.credits ?? 0),
  net: money((r.charges ?? 0) - (r.credits ?? 0)),
});

/*
 * The history (partner-analytics; A = customer Alpha, B = customer Beta):
 *  s1  A power-bi x5, 2026-01-01; renews on the 1st; 5 -> 8 seats 2026-02-11 (term Feb 1 - Mar 1:
 *      28 days, 18 whole days left: 3 x 1200 x 18 / 28 = 2314.29 -> 2314); cancelled after the
 *      window 2026-11-20, so scheduled: cancelled at the term end 2026-12-01, not renewed then.
 *  s2  A basic annual x2, 2026-01-15 (14400; MRR 14400 / 12 = 1200); auto-renew off 2026-03-01;
 *      expires at its term end 2027-01-15.
 *  s3  A crm x4 trial, 2026-02-01; converts 2026-03-03 (10000); renews on the 3rd; suspended
 *      2026-07-10 (still renews while suspended, R14: Aug, Sep, Oct, Nov 3, uncharged, R16a); data deleted
 *      at suspension + min(90 + 30 trial days, 120) days = 2026-11-07.
 *  s4  A fabrikam backup annual trial x1, 2026-04-01; auto-renew off 2026-04-05; expires at the
 *      trial end 2026-05-01 (never charged).
 *  s5  A exchange x3, 2026-05-10 (1440); cancelled 12 h later, inside the window: credit 1440.
 *  s6  B E3 x10 and s7 its add-on audio x10, both 2026-03-01 (43200 + 4800), renew on the 1st;
 *      suspended together 2026-06-10, reactivated together 2026-06-20; cancelled after the
 *      window 2026-09-15: both cancelled at the term end 2026-10-01.
 *  s8  B visio annual x1, 2026-04-01 (18000; MRR 1500); suspended 2026-08-01; data deleted
 *      at suspension + 90 days = 2026-10-30.
 *  s9  B azure plan (usage), 2026-01-20: active, never charged, MRR 0.
 *  s10 B crm x2 trial, 2026-08-10, cancelled in trial 2026-08-20 (no charge, no credit).
 *  s11 B standard x2, 2026-12-05 (3000); renews 2027-01-05 (3000), 2 -> 1 seat 6 h later inside
 *      that renewal's window (credit 1500); renews 2027-02-05 (1500).
 * And partner-other buys power-bi x100 on 2026-01-01: never in partner-analytics' figures.
 */
const PARTNER_MONTHS = [
  // s1, s2, s9 bought; MRR s1 5 x 1200 + s2 1200; charges s1 6000 + s2 14400
  month('2026-01', { purchased: 3, active: 3, mrr: 5 * POWER_BI + (2 * BASIC_ANNUAL) / 12, charges: 5 * POWER_BI + 2 * BASIC_ANNUAL }),
  // s3 trial bought (MRR 0); s1 renewal 6000 + increase 2314, MRR +3 seats
  month('2026-02', { purchased: 1, active: 4, mrr: 8 * POWER_BI + 1200, charges: 5 * POWER_BI + 2314 }),
  // s6, s7 bought; s3 converts; charges s1 9600 + s3 10000 + s6 43200 + s7 4800
  month('2026-03', { purchased: 2, active: 6, mrr: 9600 + 1200 + 4 * CRM + 10 * E3 + 10 * AUDIO, charges: 9600 + 4 * CRM + 10 * E3 + 10 * AUDIO }),
  // s4 (trial) and s8 bought: MRR +1500; charges s1 9600 + s3 10000 + s6/s7 48000 + s8 18000
  month('2026-04', { purchased: 2, active: 8, mrr: 68800 + VISIO_ANNUAL / 12, charges: 9600 + 10000 + 48000 + VISIO_ANNUAL }),
  // s5 bought and cancelled, s4 expired: 8 + 1 - 1 - 1; charges 9600 + 10000 + 48000 + 3 x 480
  month('2026-05', { purchased: 1, cancelled: 1, expired: 1, active: 7, mrr: 70300, charges: 9600 + 10000 + 48000 + 3 * EXCHANGE, credits: 3 * EXCHANGE }),
  // s6/s7 suspended and reactivated inside the month: the month's end is unchanged
  month('2026-06', { active: 7, mrr: 70300, charges: 9600 + 10000 + 48000 }),
  // s3 suspended after its Jul 3 renewal: -1 active, -10000 MRR
  month('2026-07', { active: 6, mrr: 70300 - 10000, charges: 9600 + 10000 + 48000 }),
  // s8 suspended (-1, -1500); s10 bought and cancelled in trial; s3 renews while suspended, not charged (R16a)
  month('2026-08', { purchased: 1, cancelled: 1, active: 5, mrr: 60300 - 1500, charges: 9600 + 48000 }),
  // s6 cancellation scheduled: nothing moves yet
  month('2026-09', { active: 5, mrr: 58800, charges: 9600 + 48000 }),
  // s6, s7 cancelled at Oct 1 (not renewed): -2, -48000; s8 deleted (already not active)
  month('2026-10', { cancelled: 2, deleted: 1, active: 3, mrr: 58800 - 48000, charges: 9600 }),
  // s3 deleted (already not active); s1 cancellation scheduled
  month('2026-11', { deleted: 1, active: 3, mrr: 10800, charges: 9600 }),
  // s1 cancelled at Dec 1 (-1, -9600), s11 bought (+1, +3000)
  month('2026-12', { purchased: 1, cancelled: 1, active: 3, mrr: 10800 - 9600 + 2 * STANDARD, charges: 2 * STANDARD }),
  // s2 expired (-1, -1200); s11 renewed 3000 then one seat credited (-1500 MRR)
  month('2027-01', { expired: 1, active: 2, mrr: 4200 - 1200 - STANDARD, charges: 2 * STANDARD, credits: STANDARD }),
  // s11 renewed with one seat; s9 (usage) and s11 remain
  month('2027-02', { active: 2, mrr: STANDARD, charges: STANDARD }),
];

/** Customer Alpha alone: s1 to s5. */
const ALPHA_MONTHS = [
  month('2026-01', { purchased: 2, active: 2, mrr: 6000 + 1200, charges: 6000 + 14400 }),
  month('2026-02', { purchased: 1, active: 3, mrr: 9600 + 1200, charges: 6000 + 2314 }),
  month('2026-03', { active: 3, mrr: 9600 + 1200 + 10000, charges: 9600 + 10000 }),
  month('2026-04', { purchased: 1, active: 4, mrr: 20800, charges: 9600 + 10000 }),
  month('2026-05', { purchased: 1, cancelled: 1, expired: 1, active: 3, mrr: 20800, charges: 9600 + 10000 + 1440, credits: 1440 }),
  month('2026-06', { active: 3, mrr: 20800, charges: 19600 }),
  month('2026-07', { active: 2, mrr: 10800, charges: 19600 }),
  // R16a: s3's renewals while suspended are not charged.
  month('2026-08', { active: 2, mrr: 10800, charges: 9600 }),
  month('2026-09', { active: 2, mrr: 10800, charges: 9600 }),
  month('2026-10', { active: 2, mrr: 10800, charges: 9600 }),
  month('2026-11', { deleted: 1, active: 2, mrr: 10800, charges: 9600 }),
  month('2026-12', { cancelled: 1, active: 1, mrr: 1200 }),
  month('2027-01', { expired: 1, active: 0, mrr: 0 }),
  month('2027-02', { active: 0, mrr: 0 }),
];

describe('R24 analytics: a 14-month history on the test clock', () => {
  let api: TestApi;
  let admin: string;
  let other: string;
  let alpha: string;
  let beta: string;
  let otherCustomer: string;
  let keys = 0;
  let now = Date.parse(START);
  let closedFirstHalf: unknown;

  const advanceTo = async (instant: string) => {
    const answer = await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: instant } });
    expect(answer.status).toBe(200);
    now = Date.parse(instant);
  };
  /** Midnight by midnight up to `day`: each timer fires at exactly its due instant. */
  const until = async (day: string) => {
    const target = Date.parse(`${day}T00:00:00.000Z`);
    for (let next = Math.floor(now / DAY) * DAY + DAY; next <= target; next += DAY) await advanceTo(new Date(next).toISOString());
  };
  const ok = <T>(answer: { status: number; body: T }, status = 200): T => {
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status });
    return answer.body;
  };
  const buy = async (customerId: string, offerId: string, quantity?: number, token = admin): Promise<string> =>
    ok<{ subscriptions: Array<{ id: string }> }>(
      await api.request('POST', `/v1/customers/${customerId}/orders`, { token, headers: { 'idempotency-key': `a-${++keys}` }, body: { lines: [{ offerId, ...(quantity ? { quantity } : {}) }] } }),
      201,
    ).subscriptions[0].id;
  const addOn = async (baseId: string, offerId: string, quantity: number) =>
    ok<{ subscriptions: Array<{ id: string }> }>(await api.request('POST', `/v1/subscriptions/${baseId}/add-ons`, { token: admin, headers: { 'idempotency-key': `a-${++keys}` }, body: { offerId, quantity } }), 201)
      .subscriptions[0].id;
  const act = async (method: 'POST' | 'PUT', id: string, action: string, body?: unknown) => ok(await api.request(method, `/v1/subscriptions/${id}/${action}`, { token: admin, body }));
  const status = async (id: string) => ok<{ status: string }>(await api.request('GET', `/v1/subscriptions/${id}`, { token: admin })).status;
  const monthly = async (query: string, token = admin) => {
    const head = await headPosition(api);
    return api.request('GET', `/v1/analytics/monthly?${query}&consistentWith=${head}`, { token });
  };

  beforeAll(async () => {
    api = await TestApi.start({ now: new Date(START) });
    admin = await api.token('partner-analytics', ['global-admin']);
    other = await api.token('partner-other', ['global-admin']);
    const customer = async (name: string, token: string) => ok<{ id: string }>(await api.request('POST', '/v1/customers', { token, body: { name, billingCountry: 'TW', segment: 'commercial' } }), 201).id;
    alpha = await customer('Alpha', admin);
    beta = await customer('Beta', admin);
    otherCustomer = await customer('Elsewhere', other);
  });
  afterAll(() => api.stop());

  it('R24: builds the history (each step lands where the hand computation says)', async () => {
    const s1 = await buy(alpha, 'power-bi-pro-monthly', 5);
    await buy(otherCustomer, 'power-bi-pro-monthly', 100, other);
    await until('2026-01-15');
    const s2 = await buy(alpha, 'm365-business-basic-annual', 2);
    await until('2026-01-20');
    await buy(beta, 'azure-plan');
    await until('2026-02-01');
    const s3 = await buy(alpha, 'contoso-crm-saas-monthly', 4);
    await until('2026-02-11');
    expect(ok<{ charge: unknown }>(await api.request('PUT', `/v1/subscriptions/${s1}/quantity`, { token: admin, body: { quantity: 8 } })).charge).toEqual(money(2314));
    await until('2026-03-01');
    await act('PUT', s2, 'auto-renew', { enabled: false });
    const s6 = await buy(beta, 'm365-e3-monthly', 10);
    const s7 = await addOn(s6, 'teams-audio-conferencing', 10);
    await until('2026-04-01');
    const s4 = await buy(alpha, 'fabrikam-backup-saas-annual', 1);
    const s8 = await buy(beta, 'visio-plan-2-annual', 1);
    await until('2026-04-05');
    await act('PUT', s4, 'auto-renew', { enabled: false });
    await until('2026-05-10');
    expect(await status(s4)).toBe('expired');
    const s5 = await buy(alpha, 'exchange-online-p1-monthly', 3);
    await advanceTo('2026-05-10T12:00:00.000Z');
    expect(ok<{ credit: unknown }>(await api.request('POST', `/v1/subscriptions/${s5}/cancel`, { token: admin })).credit).toEqual(money(1440));
    await until('2026-06-10');
    await act('POST', s6, 'suspend', { reason: 'customer-request' });
    expect(await status(s7)).toBe('suspended');
    await until('2026-06-20');
    await act('POST', s6, 'reactivate');
    expect(await status(s7)).toBe('active');

    await until('2026-07-01');
    // June is over: its figures (and every month before it) are taken now and must never move.
    closedFirstHalf = ok(await monthly('from=2026-01&to=2026-06'));

    await until('2026-07-10');
    await act('POST', s3, 'suspend', { reason: 'non-payment' });
    await until('2026-08-01');
    await act('POST', s8, 'suspend', { reason: 'fraud' });
    await until('2026-08-10');
    const s10 = await buy(beta, 'contoso-crm-saas-monthly', 2);
    await until('2026-08-20');
    await act('POST', s10, 'cancel');
    await until('2026-09-15');
    expect(ok<{ outcome: string }>(await api.request('POST', `/v1/subscriptions/${s6}/cancel`, { token: admin })).outcome).toBe('scheduled');
    await until('2026-11-08');
    expect([await status(s6), await status(s7), await status(s8), await status(s3)]).toEqual(['cancelled', 'cancelled', 'deleted', 'deleted']);
    await until('2026-11-20');
    await act('POST', s1, 'cancel');
    await until('2026-12-05');
    expect(await status(s1)).toBe('cancelled');
    const s11 = await buy(beta, 'm365-business-standard-monthly', 2);
    await advanceTo('2027-01-05T06:00:00.000Z');
    expect(ok<{ credit: unknown }>(await api.request('PUT', `/v1/subscriptions/${s11}/quantity`, { token: admin, body: { quantity: 1 } })).credit).toEqual(money(STANDARD));
    await until('2027-02-28');
    expect(await status(s2)).toBe('expired');
  }, 300_000);

  it('R24: every figure of every month for the partner, by business month, other partners left out', async () => {
    const answer = ok<{ items: unknown[] }>(await monthly('from=2026-01&to=2027-02'));
    expect(answer.items).toEqual(PARTNER_MONTHS);
  });

  it('R24: months without activity are present with zeros, and the month-end figures carry forward', async () => {
    const answer = ok<{ items: unknown[] }>(await monthly('from=2025-11&to=2027-04'));
    expect(answer.items).toEqual([
      month('2025-11', { active: 0, mrr: 0 }),
      month('2025-12', { active: 0, mrr: 0 }),
      ...PARTNER_MONTHS,
      month('2027-03', { active: 2, mrr: STANDARD }),
      month('2027-04', { active: 2, mrr: STANDARD }),
    ]);
    // A window that starts late still opens with what was active before it.
    expect(ok<{ items: unknown[] }>(await monthly('from=2026-09&to=2026-10')).items).toEqual(PARTNER_MONTHS.slice(8, 10));
  });

  it('R24: one customer\'s figures', async () => {
    expect(ok<{ items: unknown[] }>(await monthly(`from=2026-01&to=2027-02&customerId=${alpha}`)).items).toEqual(ALPHA_MONTHS);
  });

  it('R24: a closed month\'s figures do not move when later months happen', async () => {
    expect(closedFirstHalf).toEqual({ items: PARTNER_MONTHS.slice(0, 6) });
    expect(ok(await monthly('from=2026-01&to=2026-06'))).toEqual(closedFirstHalf);
  });

  it('R1/R24: the other partner sees only its own figures, and another partner\'s customer is a 404', async () => {
    const theirs = ok<{ items: Array<Record<string, unknown>> }>(await monthly('from=2026-01&to=2026-01', other)).items;
    expect(theirs).toEqual([month('2026-01', { purchased: 1, active: 1, mrr: 100 * POWER_BI, charges: 100 * POWER_BI })]);
    const foreign = await monthly(`from=2026-01&to=2026-02&customerId=${otherCustomer}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not-found');
  });

  it('R2/R24: every role reads the counts; the money figures only with analytics-money', async () => {
    for (const role of ['sales-agent', 'helpdesk-agent']) {
      const answer = ok<{ items: Array<Record<string, unknown>> }>(await monthly('from=2026-05&to=2026-05', await api.token('partner-analytics', [role])));
      expect(answer.items).toEqual([{ month: '2026-05', purchased: 1, cancelled: 1, expired: 1, deleted: 0, activeAtEnd: 7 }]);
    }
    for (const role of ['billing-admin', 'admin-agent']) {
      const answer = ok<{ items: unknown[] }>(await monthly('from=2026-05&to=2026-05', await api.token('partner-analytics', [role])));
      expect(answer.items).toEqual([PARTNER_MONTHS[4]]);
    }
    expect((await api.request('GET', '/v1/analytics/monthly?from=2026-05&to=2026-05')).status).toBe(401);
  });

  it('R24: a bad month, from after to, more than 36 months or an unknown parameter is a 400', async () => {
    for (const query of ['from=2026-13&to=2026-12', 'from=2026-1&to=2026-12', 'to=2026-12', 'from=2026-01', 'from=2026-05&to=2026-04', 'from=2026-01&to=2029-01', 'from=0001-01&to=9999-12', 'from=2026-01&to=2026-02&month=3']) {
      const answer = await api.request('GET', `/v1/analytics/monthly?${query}`, { token: admin });
      expect({ query, status: answer.status, code: answer.body.code }).toEqual({ query, status: 400, code: 'validation-failed' });
    }
    // Exactly 36 months is allowed.
    expect(ok<{ items: unknown[] }>(await monthly('from=2026-01&to=2028-12')).items).toHaveLength(36);
  });

  it('R21/R24: a rebuild from the log gives the same documents, counters and figures; verify names a tampered customer counter', async () => {
    const stores = { eventStore: api.app.get<EventStore>(EVENT_STORE), readStore: api.app.get<ReadStore>(READ_STORE) };
    expect(await verifyProjection(stores, analyticsProjection)).toMatchObject({ missing: [], extra: [], different: [], counters: [] });
    // A counter moved without the log: one of Alpha's documents rewritten with an extra purchase.
    const [doc] = (await stores.readStore.find('analytics', {}, { limit: 1 })).items;
    const tampered = await stores.readStore.commit({
      writes: [{ collection: 'analytics', doc: { ...doc, _position: '9999999999999999' }, counters: [{ key: customerAnalyticsKey(alpha), values: { '2026-01:purchased': 5 } }] }],
    });
    expect(tampered.applied).toBe(1);
    expect((await verifyProjection(stores, analyticsProjection)).counters).toEqual([customerAnalyticsKey(alpha)]);
    await rebuildProjection(stores, analyticsProjection);
    expect(await verifyProjection(stores, analyticsProjection)).toMatchObject({ missing: [], extra: [], different: [], counters: [] });
    expect(ok<{ items: unknown[] }>(await monthly('from=2026-01&to=2027-02')).items).toEqual(PARTNER_MONTHS);
    expect(ok<{ items: unknown[] }>(await monthly(`from=2026-01&to=2027-02&customerId=${alpha}`)).items).toEqual(ALPHA_MONTHS);
  });
});
