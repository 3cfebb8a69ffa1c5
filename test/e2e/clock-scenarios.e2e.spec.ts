import { EVENT_STORE, EventStore, RecordedEvent, TimerPoller } from '@ledger/application';
import { term } from '@ledger/domain';
import { TestApi, T0 } from './harness/test-api';

/**
 * Kill Bill style: move the clock, then expect events and ledger lines (SPEC.md R12-R15,
 * R19, R20). T0 = 2026-01-31T09:00Z, so monthly terms clamp to month ends (R13).
 */
interface Scenario {
  api: TestApi;
  admin: string;
  customer(name?: string): Promise<string>;
  buy(customerId: string, offerId: string, quantity?: number): Promise<{ id: string; termEndsAt: string }>;
  addOn(baseId: string, offerId: string, quantity: number): Promise<{ id: string; termEndsAt: string }>;
  advance(body: { to?: string; by?: string }): Promise<{ now: string }>;
  events(subscriptionId: string): Promise<RecordedEvent[]>;
  charges(subscriptionId: string): Promise<Array<{ cents: number; at: string }>>;
}

async function scenario(): Promise<Scenario> {
  const api = await TestApi.start({ now: T0 });
  const admin = await api.token('partner-a', ['global-admin']);
  let keys = 0;
  const store = () => api.app.get<EventStore>(EVENT_STORE);
  const s: Scenario = {
    api,
    admin,
    customer: async (name = 'Scenario Co') => (await api.request('POST', '/v1/customers', { token: admin, body: { name, billingCountry: 'TW', segment: 'commercial' } })).body.id,
    buy: async (customerId, offerId, quantity = 1) => {
      const answer = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': `k-${++keys}` }, body: { lines: [{ offerId, quantity }] } });
      expect(answer.status).toBe(201);
      return answer.body.subscriptions[0];
    },
    addOn: async (baseId, offerId, quantity) => {
      const answer = await api.request('POST', `/v1/subscriptions/${baseId}/add-ons`, { token: admin, headers: { 'idempotency-key': `k-${++keys}` }, body: { offerId, quantity } });
      expect(answer.status).toBe(201);
      return answer.body.subscriptions[0];
    },
    advance: async (body) => {
      const answer = await api.request('POST', '/v1/test-clock/advance', { token: admin, body });
      expect(answer.status).toBe(200);
      return answer.body;
    },
    events: (id) => store().readStream(`subscription-${id}`),
    charges: async (id) =>
      (await s.events(id)).filter((e) => e.type === 'SubscriptionCharged').map((e) => ({ cents: e.data.amountCents as number, at: e.data.chargedAt as string })),
  };
  return s;
}

const monthEnds = ['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31', '2027-01-31'];
const nineAm = (day: string) => `${day}T09:00:00.000Z`;

describe('R19 scenario: a 370-day jump', () => {
  let s: Scenario;
  let monthly: { id: string };
  let annual: { id: string };
  let trial: { id: string };
  let customerId: string;

  beforeAll(async () => {
    s = await scenario();
    customerId = await s.customer();
    monthly = await s.buy(customerId, 'power-bi-pro-monthly', 1);
    annual = await s.buy(customerId, 'm365-business-basic-annual', 1);
    trial = await s.buy(customerId, 'contoso-crm-saas-monthly', 1);
    await s.advance({ by: 'P370D' });
  }, 60_000);
  afterAll(() => s.api.stop());

  it('R14, R19, R20: a monthly subscription has 13 charges, each at its term start', async () => {
    expect(await s.charges(monthly.id)).toEqual([T0.toISOString(), ...monthEnds.map(nineAm)].map((at) => ({ cents: 1200, at })));
  });

  it('R13, R19: an annual one renews once, at its anniversary', async () => {
    expect(await s.charges(annual.id)).toEqual([{ cents: 7200, at: T0.toISOString() }, { cents: 7200, at: '2027-01-31T09:00:00.000Z' }]);
  });

  it('R12, R19: a trial converts after 30 days and then renews monthly: 12 charges', async () => {
    const days = ['2026-03-02', '2026-04-02', '2026-05-02', '2026-06-02', '2026-07-02', '2026-08-02', '2026-09-02', '2026-10-02', '2026-11-02', '2026-12-02', '2027-01-02', '2027-02-02'];
    expect(await s.charges(trial.id)).toEqual(days.map((day) => ({ cents: 2500, at: nineAm(day) })));
  });

  it('R19, R20: the ledger, the history and asOf go by the business time of the late firings', async () => {
    const ledger = (await s.api.request('GET', `/v1/customers/${customerId}/ledger?limit=100`, { token: s.admin })).body.items.filter((e: { subscriptionId: string }) => e.subscriptionId === monthly.id);
    expect(ledger.map((e: { occurredAt: string; invoicePeriod: string }) => [e.occurredAt, e.invoicePeriod])).toEqual(
      [T0.toISOString(), ...monthEnds.map(nineAm)].map((at) => [at, new Date(Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth() + 1, 1)).toISOString().slice(0, 7)]),
    );
    const history = (await s.api.request('GET', `/v1/subscriptions/${monthly.id}/history`, { token: s.admin })).body.items;
    const renewals = history.filter((e: { type: string }) => e.type === 'SubscriptionRenewed');
    expect(renewals.map((e: { effectiveAt: string }) => e.effectiveAt)).toEqual(monthEnds.map(nineAm));
    // Written when the clock moved (370 days on), effective when each term ended.
    expect(new Set(renewals.map((e: { occurredAt: string }) => e.occurredAt))).toEqual(new Set(['2027-02-05T09:00:00.000Z']));
    const asOf = await s.api.request('GET', `/v1/subscriptions/${monthly.id}?asOf=2026-06-15T00:00:00Z`, { token: s.admin });
    expect(asOf.body).toMatchObject({ termStartedAt: nineAm('2026-05-31'), termEndsAt: nineAm('2026-06-30') });
  });
});

describe('R19 scenario: a 100-year jump', () => {
  it('R14, R16, R17, R19: ends with nothing due at or before the new now', async () => {
    const s = await scenario();
    try {
      const customerId = await s.customer();
      const monthly = await s.buy(customerId, 'teams-essentials-monthly', 2);
      const annual = await s.buy(customerId, 'm365-business-premium-annual', 1);
      const suspended = await s.buy(customerId, 'power-bi-pro-monthly', 1);
      await s.api.request('POST', `/v1/subscriptions/${suspended.id}/suspend`, { token: s.admin, body: { reason: 'non-payment' } });
      const { now } = await s.advance({ by: 'P100Y' });
      expect(now).toBe('2126-01-31T09:00:00.000Z');
      expect(await s.api.app.get(TimerPoller).countDue(new Date(now))).toBe(0);
      const view = async (id: string) => (await s.api.request('GET', `/v1/subscriptions/${id}`, { token: s.admin })).body;
      expect(await view(monthly.id)).toMatchObject({ status: 'active', termEndsAt: '2126-02-28T09:00:00.000Z' });
      expect(await view(annual.id)).toMatchObject({ status: 'active', termEndsAt: '2127-01-31T09:00:00.000Z' });
      expect(await view(suspended.id)).toMatchObject({ status: 'deleted' });
      expect(await s.charges(monthly.id)).toHaveLength(1 + 1200);
      expect(await s.charges(annual.id)).toHaveLength(1 + 100);
    } finally {
      await s.api.stop();
    }
  }, 120_000);
});

describe('R19 scenario: advances racing the background timer loop', () => {
  it('R19: many rounds, concurrent advances, nothing fired twice or skipped', async () => {
    const s = await scenario();
    try {
      const customerId = await s.customer();
      const bought: Array<{ id: string; at: Date }> = [];
      for (let i = 0; i < 12; i++) {
        bought.push({ ...(await s.buy(customerId, 'power-bi-pro-monthly', 1)), at: new Date(s.api.clock.now()) });
        await s.advance({ by: 'PT7H' });
      }
      // Twenty rounds of two advances at once while the background loop scans every second.
      for (let round = 0; round < 20; round++) {
        await Promise.all([s.advance({ by: 'P4D' }), s.advance({ by: 'P4D' })]);
        if (round % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 1100));
      }
      const now = s.api.clock.now().getTime();
      for (const { id, at } of bought) {
        const events = await s.events(id);
        const renewals = events.filter((e) => e.type === 'SubscriptionRenewed').map((e) => e.data.termNumber as number);
        let expected = 0;
        while (term(at, 'monthly', expected + 1).endsAt.getTime() <= now) expected++;
        expect(renewals).toEqual(Array.from({ length: expected }, (_, i) => i + 2));
        expect(events.filter((e) => e.type === 'SubscriptionCharged')).toHaveLength(expected + 1);
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      }
      expect(await s.api.app.get(TimerPoller).countDue(new Date(now))).toBe(0);
    } finally {
      await s.api.stop();
    }
  }, 120_000);
});

describe('R15 scenario: add-ons co-termed with their base', () => {
  it('R15, R17, R19, R20: pro-rated first term, renewal and ending with the base, exact cents', async () => {
    const s = await scenario();
    try {
      const customerId = await s.customer();
      const base = await s.buy(customerId, 'm365-business-premium-monthly', 2); // 26.40 x 2 = 52.80, term ends 02-28 09:00 (28 days)
      await s.advance({ to: '2026-02-10T12:00:00.000Z' });
      const storage = await s.addOn(base.id, 'm365-extra-storage', 5); // 12.00 a month; 17 whole days of 28 left: 7.285... -> 7.29
      expect(storage.termEndsAt).toBe('2026-02-28T09:00:00.000Z');
      await s.advance({ to: '2026-03-10T09:00:00.000Z' });
      const defender = await s.addOn(base.id, 'defender-office-p2', 1); // 6.00; 21 whole days of the base's 31: 4.064... -> 4.06
      expect(defender.termEndsAt).toBe('2026-03-31T09:00:00.000Z');
      expect((await s.api.request('POST', `/v1/subscriptions/${storage.id}/cancel`, { token: s.admin })).body).toMatchObject({ outcome: 'scheduled', cancelAt: '2026-03-31T09:00:00.000Z' });
      await s.advance({ to: '2026-04-01T00:00:00.000Z' });
      await s.api.request('PUT', `/v1/subscriptions/${base.id}/auto-renew`, { token: s.admin, body: { enabled: false } });
      await s.advance({ to: '2026-05-01T00:00:00.000Z' });

      const ledger = (await s.api.request('GET', `/v1/customers/${customerId}/ledger`, { token: s.admin })).body.items;
      const name = (id: string) => (id === base.id ? 'base' : id === storage.id ? 'storage' : 'defender');
      expect(ledger.map((e: { subscriptionId: string; kind: string; amount: { amount: string }; occurredAt: string }) => `${e.occurredAt} ${name(e.subscriptionId)} ${e.kind} ${e.amount.amount}`).sort()).toEqual([
        '2026-01-31T09:00:00.000Z base charge 52.80',
        '2026-02-10T12:00:00.000Z storage charge 7.29',
        '2026-02-28T09:00:00.000Z base charge 52.80',
        '2026-02-28T09:00:00.000Z storage charge 12.00',
        '2026-03-10T09:00:00.000Z defender charge 4.06',
        '2026-03-31T09:00:00.000Z base charge 52.80',
        '2026-03-31T09:00:00.000Z defender charge 6.00',
      ]);
      const view = async (id: string) => (await s.api.request('GET', `/v1/subscriptions/${id}`, { token: s.admin })).body;
      expect(await view(storage.id)).toMatchObject({ status: 'cancelled' });
      expect(await view(base.id)).toMatchObject({ status: 'expired' });
      expect(await view(defender.id)).toMatchObject({ status: 'expired' });
      const ended = async (id: string) => (await s.events(id)).at(-1)!;
      expect((await ended(storage.id)).data).toMatchObject({ cancelledAt: '2026-03-31T09:00:00.000Z', mode: 'scheduled' });
      expect((await ended(defender.id)).data).toMatchObject({ expiredAt: '2026-04-30T09:00:00.000Z' });
      expect((await ended(base.id)).data).toMatchObject({ expiredAt: '2026-04-30T09:00:00.000Z' });
    } finally {
      await s.api.stop();
    }
  }, 60_000);
});
