import { TestApi, T0 } from './harness/test-api';

/**
 * Kill Bill style over HTTP, three years on the test clock (SPEC.md R16a, R19, R20, R25-R29):
 * a P3Y term billed monthly and a P1Y term billed annually (new commerce) beside a legacy
 * monthly offer, every charge and credit listed with its instant and amount. T0 =
 * 2026-01-31T09:00Z, so monthly cycles and terms fall on month ends (R13's anchor kept).
 */
type Entry = [string, string, string, string]; // [kind, reason, amount, instant]

/** The last day of the month `k` months after January 2026, at 09:00 UTC (an anchor of the 31st). */
const monthEnd = (k: number) => new Date(Date.UTC(2026, k + 1, 0, 9)).toISOString();

describe('R25-R29, R16a scenario: three years of a P3Y monthly, a P1Y annual and a legacy monthly subscription', () => {
  let api: TestApi;
  let admin: string;
  let customerId: string;
  let keys = 0;
  const ids: Record<'p3y' | 'p1y' | 'legacy' | 'p1m', string> = { p3y: '', p1y: '', legacy: '', p1m: '' };
  let ledger: Array<{ kind: string; reason: string; subscriptionId: string; amount: { amount: string }; occurredAt: string }>;

  const ok = async (method: string, path: string, body?: unknown) => {
    const answer = await api.request(method, path, { token: admin, body, ...(method === 'POST' && path.endsWith('/orders') ? { headers: { 'idempotency-key': `k-${++keys}` } } : {}) });
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const advance = (to: string) => ok('POST', '/v1/test-clock/advance', { to });
  const buy = async (line: Record<string, unknown>) => (await ok('POST', `/v1/customers/${customerId}/orders`, { lines: [line] })).subscriptions[0].id as string;
  const entries = (id: string): Entry[] => ledger.filter((e) => e.subscriptionId === id).map((e) => [e.kind, e.reason, e.amount.amount, e.occurredAt]);

  beforeAll(async () => {
    api = await TestApi.start({ now: T0 });
    admin = await api.token('partner-a', ['global-admin']);
    customerId = (await ok('POST', '/v1/customers', { name: 'Scenario Co', billingCountry: 'TW', segment: 'commercial' })).id;
    ids.p3y = await buy({ offerId: 'm365-e5-nce', quantity: 2, termDuration: 'P3Y', billingFrequency: 'monthly' });
    ids.p1y = await buy({ offerId: 'm365-e3-nce', quantity: 3, termDuration: 'P1Y', billingFrequency: 'annual' });
    ids.legacy = await buy({ offerId: 'power-bi-pro-monthly', quantity: 1 });

    await advance('2026-02-02T09:00:00.000Z');
    await ok('PUT', `/v1/subscriptions/${ids.p3y}/quantity`, { quantity: 4 }); // R28: +2 seats, 2 days into a 28-day cycle
    await advance('2026-02-03T09:00:00.000Z');
    await ok('PUT', `/v1/subscriptions/${ids.p3y}/quantity`, { quantity: 3 }); // R28: -1 seat inside its own 168 hours
    await advance('2026-06-10T00:00:00.000Z');
    await ok('POST', `/v1/subscriptions/${ids.legacy}/suspend`, { reason: 'non-payment' }); // R16a: the Jun 30 renewal is not charged
    await advance('2026-07-10T00:00:00.000Z');
    await ok('POST', `/v1/subscriptions/${ids.legacy}/reactivate`); // R16a: the rest of the term is
    await advance('2026-12-01T00:00:00.000Z');
    await ok('PUT', `/v1/subscriptions/${ids.p1y}/scheduled-changes`, { quantity: 4 }); // R29: applied at the 2027-01-31 renewal
    await advance('2027-03-15T00:00:00.000Z');
    await ok('POST', `/v1/subscriptions/${ids.legacy}/cancel`); // R17: after the window, at the term end 2027-03-31
    await advance('2027-06-01T00:00:00.000Z');
    ids.p1m = await buy({ offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1M', billingFrequency: 'monthly' });
    await advance('2027-06-02T12:00:00.000Z');
    await ok('POST', `/v1/subscriptions/${ids.p1m}/cancel`); // R27: 36 h in, 1 whole day of 30 elapsed
    await advance('2028-06-01T00:00:00.000Z');
    await ok('PUT', `/v1/subscriptions/${ids.p1y}/auto-renew`, { enabled: false }); // expires at 2029-01-31
    const end = await advance('2029-02-01T00:00:00.000Z');
    ledger = (await ok('GET', `/v1/customers/${customerId}/ledger?limit=200&consistentWith=${end.position}`)).items;
  }, 120_000);
  afterAll(() => api.stop());

  it('R26, R28, R19: P3Y billed monthly: 36 cycles (2 seats, then 3), seats charged and credited pro rata, renewed at the term end', () => {
    expect(entries(ids.p3y)).toEqual([
      ['charge', 'purchase', '119.70', '2026-01-31T09:00:00.000Z'],
      // 59.85 x 2 x (28 - 2) / 28 = 111.15
      ['charge', 'quantity-increase', '111.15', '2026-02-02T09:00:00.000Z'],
      // 59.85 x 1 x (28 - 3) / 28 = 53.4375 -> 53.44
      ['credit', 'quantity-decrease', '53.44', '2026-02-03T09:00:00.000Z'],
      ...Array.from({ length: 35 }, (_, k): Entry => ['charge', 'cycle', '179.55', monthEnd(k + 1)]),
      ['charge', 'renewal', '179.55', '2029-01-31T09:00:00.000Z'],
    ]);
    expect(monthEnd(35)).toBe('2028-12-31T09:00:00.000Z');
  });

  it('R26, R29: P1Y billed annually: the purchase, the renewal with the scheduled quantity, the next renewal, then it expires', async () => {
    expect(entries(ids.p1y)).toEqual([
      ['charge', 'purchase', '1296.00', '2026-01-31T09:00:00.000Z'],
      ['charge', 'renewal', '1728.00', '2027-01-31T09:00:00.000Z'],
      ['charge', 'renewal', '1728.00', '2028-01-31T09:00:00.000Z'],
    ]);
    expect(await ok('GET', `/v1/subscriptions/${ids.p1y}`)).toMatchObject({ status: 'expired', quantity: 4, termEndsAt: '2029-01-31T09:00:00.000Z' });
  });

  it('R14, R16a, R17: legacy monthly beside them: renewals, none while suspended, the reactivation charge, cancelled at the term end', async () => {
    const renewals = (months: number[]) => months.map((k): Entry => ['charge', 'renewal', '12.00', monthEnd(k)]);
    expect(entries(ids.legacy)).toEqual([
      ['charge', 'purchase', '12.00', '2026-01-31T09:00:00.000Z'],
      ...renewals([1, 2, 3, 4]),
      // Renewed 2026-06-30 while suspended: nothing. Reactivated 2026-07-10 00:00: 21 whole days of 31: 12.00 x 21 / 31 = 8.13
      ['charge', 'reactivation', '8.13', '2026-07-10T00:00:00.000Z'],
      ...renewals([6, 7, 8, 9, 10, 11, 12, 13]),
    ]);
    expect(await ok('GET', `/v1/subscriptions/${ids.legacy}`)).toMatchObject({ status: 'cancelled', program: 'legacy' });
  });

  it('R27: a P1M line cancelled 36 hours after its purchase: credit 43.20 x (30 - 1) / 30 = 41.76', () => {
    expect(entries(ids.p1m)).toEqual([
      ['charge', 'purchase', '43.20', '2027-06-01T00:00:00.000Z'],
      ['credit', 'cancellation', '41.76', '2027-06-02T12:00:00.000Z'],
    ]);
  });

  it('R20: the ledger holds exactly these entries, oldest first', () => {
    expect(ledger).toHaveLength(39 + 3 + 14 + 2);
    const instants = ledger.map((e) => e.occurredAt);
    expect(instants).toEqual([...instants].sort());
  });
});
