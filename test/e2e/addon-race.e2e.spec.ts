import { EVENT_STORE, EventStore, RecordedEvent, toDomainEvent } from '@ledger/application';
import { evolveSubscription, initialSubscriptionState, SubscriptionEvent } from '@ledger/domain';
import { TestApi, T0 } from './harness/test-api';
import { addOnViolations, random, violationSummary } from './harness/add-on-invariants';

/**
 * Issue 19, part 1 (SPEC.md R15, R18): add-ons bought while their base stops being active.
 * Seeded rounds, over real HTTP against the real embedded stores: every round buys a base,
 * then fires four add-on purchases at once with whatever the round's script races them
 * against (a suspension, an in-window cancellation, a reactivation, an expiry or a data
 * deletion brought about by moving the test clock). Afterwards the log and the read models
 * must show every add-on following its base.
 */

const ROUNDS = 40;
const ADD_ONS_PER_ROUND = 4;
/** ADDON_RACE_SEED replays another sequence (each run prints its figures). */
const SEED = Number(process.env.ADDON_RACE_SEED ?? 19);
const BASE_OFFER = 'm365-e3-monthly';
const ADD_ON_OFFERS = ['teams-audio-conferencing', 'm365-extra-storage'];

type Race = 'suspend+cancel' | 'suspend' | 'cancel' | 'reactivate+cancel' | 'expire' | 'suspend+delete';
const RACES: Race[] = ['suspend+cancel', 'suspend', 'cancel', 'reactivate+cancel', 'expire', 'suspend+delete'];

describe('R15, R18: add-on purchases racing their base (issue 19)', () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await TestApi.start({ now: T0 });
    admin = await api.token('partner-a', ['global-admin'], 'racer');
  });
  afterAll(() => api?.stop());

  it(`R15, R18: ${ROUNDS} seeded rounds of ${ADD_ONS_PER_ROUND} concurrent add-on purchases racing suspensions, cancellations, expiries and deletions`, async () => {
    const next = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const statuses = new Map<string, number>();
    const count = (label: string) => statuses.set(label, (statuses.get(label) ?? 0) + 1);
    const post = (path: string, body?: unknown, headers?: Record<string, string>) => api.request('POST', path, { token: admin, body, headers });
    const customerId = (await post('/v1/customers', { name: 'Racer Co', billingCountry: 'TW', segment: 'commercial' })).body.id as string;
    // Add-ons leave at once or within 3 ms; what races them within 60 ms, so either side wins.
    const pause = (upToMs: number) => (next() < 0.3 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, Math.floor(next() * upToMs))));

    for (let round = 0; round < ROUNDS; round++) {
      const race = RACES[round % RACES.length];
      const bought = await post(`/v1/customers/${customerId}/orders`, { lines: [{ offerId: BASE_OFFER, quantity: 5 }] }, { 'idempotency-key': `base-${round}` });
      expect(bought.status).toBe(201);
      const base = bought.body.subscriptions[0] as { id: string; termEndsAt: string };
      if (race === 'expire') expect((await api.request('PUT', `/v1/subscriptions/${base.id}/auto-renew`, { token: admin, body: { enabled: false } })).status).toBe(200);
      if (race === 'reactivate+cancel') expect((await post(`/v1/subscriptions/${base.id}/suspend`, { reason: 'non-payment' })).status).toBe(200);

      const addOns = Array.from({ length: ADD_ONS_PER_ROUND }, (_, i) => async () => {
        await pause(3);
        const answer = await post(`/v1/subscriptions/${base.id}/add-ons`, { offerId: pick(ADD_ON_OFFERS), quantity: 1 + i }, { 'idempotency-key': `addon-${round}-${i}` });
        count(`add-on ${answer.status}${answer.status === 201 ? '' : ` ${answer.body?.code}`}`);
        count(`${race}: add-on ${answer.status}`);
      });
      const command = (label: string, path: string, body?: unknown) => async () => {
        await pause(60);
        const answer = await post(path, body);
        count(`${label} ${answer.status}`);
      };
      const suspend = command('suspend', `/v1/subscriptions/${base.id}/suspend`, { reason: pick(['customer-request', 'non-payment', 'fraud', 'other']) });
      const cancel = command('cancel', `/v1/subscriptions/${base.id}/cancel`);
      const reactivate = command('reactivate', `/v1/subscriptions/${base.id}/reactivate`);
      const advance = (to: string) => async () => {
        await pause(60);
        const answer = await post('/v1/test-clock/advance', { to });
        count(`advance ${answer.status}`);
      };
      const now = api.clock.now().getTime();
      const racers = {
        'suspend+cancel': [suspend, cancel],
        suspend: [suspend],
        cancel: [cancel],
        'reactivate+cancel': [reactivate, cancel],
        // The base's term ends with auto-renew off: the advance fires its expiry.
        expire: [advance(base.termEndsAt)],
        // Suspended (if the suspension lands first) a moment after its purchase: its data is deleted 90 days on (R16).
        'suspend+delete': [suspend, advance(new Date(now + 91 * 86_400_000).toISOString())],
      }[race];
      await Promise.all([...addOns, ...racers].map((run) => run()));
      // A few hours on, so the next round's base has its own window (and ends differently).
      await post('/v1/test-clock/advance', { by: 'PT3H' });
    }
    // As in the issue: the clock moves on 40 days, every timer fires, the read models catch up.
    const last = await post('/v1/test-clock/advance', { by: 'P40D' });
    expect(last.status).toBe(200);

    const store = api.app.get<EventStore>(EVENT_STORE);
    const events: RecordedEvent[] = [];
    for await (const batch of store.readAll()) events.push(...batch);
    const { addOns, violations } = addOnViolations(events);
    // The read models show the same thing as the log: every add-on's status and every base's list.
    const mismatches: string[] = [];
    const streams = [...new Set(events.filter((e) => e.stream.startsWith('subscription-')).map((e) => e.stream.slice('subscription-'.length)))];
    for (const id of streams) {
      const read = await api.request('GET', `/v1/subscriptions/${id}?consistentWith=${last.body.position}`, { token: admin });
      const folded = events.filter((e) => e.stream === `subscription-${id}`).reduce((s, e) => evolveSubscription(s, toDomainEvent<SubscriptionEvent>(e)), initialSubscriptionState);
      if (folded.status === 'none') continue;
      if (read.body.status !== folded.status || JSON.stringify(read.body.addOnIds) !== JSON.stringify(folded.addOnIds)) mismatches.push(id);
    }
    const bought = statuses.get('add-on 201') ?? 0;
    const summary = violationSummary(violations);
    // The figures a reader of the run wants: how the races went, and what broke.
    console.log(`addon-race: ${ROUNDS} rounds, ${bought} add-ons bought (${addOns} in the log), ${summary.addOns} add-ons breaking a rule`, summary.byRule, Object.fromEntries(statuses));
    if (process.env.ADDON_RACE_DEBUG) {
      // The streams of the first offenders, event by event.
      for (const v of violations.slice(0, 2)) {
        for (const id of [v.baseId, v.addOnId]) {
          const lines = events.filter((e) => e.stream === `subscription-${id}`).map((e) => `${e.position} ${e.type} ${JSON.stringify(e.data).slice(0, 150)} at ${e.metadata.occurredAt} effective ${e.metadata.effectiveAt ?? '-'}`);
          console.log(`subscription-${id}\n${lines.join('\n')}`);
        }
      }
    }
    expect([...statuses.keys()].filter((label) => / 5\d\d$|^add-on 5/.test(label))).toEqual([]);
    expect(addOns).toBe(bought);
    expect(bought).toBeGreaterThan(0);
    expect(violations.slice(0, 10)).toEqual([]);
    expect(mismatches).toEqual([]);
  }, 120_000);
});
