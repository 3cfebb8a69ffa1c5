import { spec } from '../testing/decider-specification';
import { at, purchased } from '../testing/builders';
import { decideSubscription, dueTimers, MAX_FIRINGS_PER_DECISION, subscriptionDecider } from './subscription.decide';
import { SubscriptionCommand } from './subscription.commands';
import { SubscriptionEvent, TimerKind } from './subscription.events';
import { evolveSubscription, initialSubscriptionState, Subscription } from './subscription.state';
import { effectiveAtOf } from './effective-at';

const state = (...history: SubscriptionEvent[]) => history.reduce(evolveSubscription, initialSubscriptionState) as Subscription;
const fire = (timer: TimerKind, dueAt: string): SubscriptionCommand => ({ type: 'FireTimer', timer, dueAt });
const types = (events: SubscriptionEvent[]) => events.map((e) => e.type);
const renewedAt = (events: SubscriptionEvent[]) => events.filter((e) => e.type === 'SubscriptionRenewed').map(effectiveAtOf);
const charges = (events: SubscriptionEvent[]) =>
  events.flatMap((e) => (e.type === 'SubscriptionCharged' ? [{ amountCents: e.data.amountCents, invoicePeriod: e.data.invoicePeriod, at: e.data.chargedAt }] : []));

const boughtAt = at('2027-01-15T10:00:00.000Z');

describe('R19 a late firing appends every elapsed term at once, each at its due instant', () => {
  it('R19: a year of downtime on a monthly subscription is one decision with twelve renewals and twelve charges', () => {
    const bought = purchased({ at: boughtAt, quantity: 2, offer: { unitPriceCents: 1250 } });
    const decided = decideSubscription(fire('term-end', '2027-02-15T10:00:00.000Z'), state(...bought), { now: at('2028-02-20T00:00:00.000Z') });
    expect(types(decided)).toEqual(Array.from({ length: 13 }, () => ['SubscriptionRenewed', 'SubscriptionCharged']).flat());
    const months = ['2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11', '2027-12', '2028-01', '2028-02'];
    expect(renewedAt(decided)).toEqual(months.map((m) => `${m}-15T10:00:00.000Z`));
    // Each charge is dated when its term began and lands on the invoice after that month (R20).
    expect(charges(decided)).toEqual(
      months.map((m, i) => ({ amountCents: 2500, at: `${m}-15T10:00:00.000Z`, invoicePeriod: i < 12 ? months[i + 1] : '2028-03' })),
    );
    expect(dueTimers(state(...bought, ...decided))).toEqual([{ timer: 'term-end', dueAt: '2028-03-15T10:00:00.000Z' }]);
  });

  it('R19: an annual subscription 370 days on renews once, at its anniversary', () => {
    const bought = purchased({ at: boughtAt, offer: { billingFrequency: 'annual', unitPriceCents: 12000 }, quantity: 1 });
    const decided = decideSubscription(fire('term-end', '2028-01-15T10:00:00.000Z'), state(...bought), { now: at('2028-01-20T10:00:00.000Z') });
    expect(renewedAt(decided)).toEqual(['2028-01-15T10:00:00.000Z']);
    expect(charges(decided)).toEqual([{ amountCents: 12000, at: '2028-01-15T10:00:00.000Z', invoicePeriod: '2028-02' }]);
  });

  it('R12, R19: a trial converts at trialEndsAt and the terms after it renew in the same decision', () => {
    const bought = purchased({ at: boughtAt, offer: { trialDays: 30, publisher: 'partner', publisherName: 'Contoso', provisioningUrl: 'https://isv.example' }, quantity: 1 });
    const decided = decideSubscription(fire('trial-end', '2027-02-14T10:00:00.000Z'), state(...bought), { now: at('2027-05-01T00:00:00.000Z') });
    expect(types(decided)).toEqual(['TrialConverted', 'SubscriptionCharged', 'SubscriptionRenewed', 'SubscriptionCharged', 'SubscriptionRenewed', 'SubscriptionCharged']);
    expect(decided.map(effectiveAtOf)).toEqual([
      '2027-02-14T10:00:00.000Z', '2027-02-14T10:00:00.000Z',
      '2027-03-14T10:00:00.000Z', '2027-03-14T10:00:00.000Z',
      '2027-04-14T10:00:00.000Z', '2027-04-14T10:00:00.000Z',
    ]);
  });

  it('R14, R19: with auto-renew off it expires at the term end and nothing fires after', () => {
    const bought = purchased({ at: boughtAt });
    const off: SubscriptionEvent = { type: 'AutoRenewChanged', data: { subscriptionId: 's-1', enabled: false, changedAt: boughtAt.toISOString() } };
    spec(subscriptionDecider)
      .given(...bought, off)
      .when(fire('term-end', '2027-02-15T10:00:00.000Z'), { now: at('2030-01-01T00:00:00.000Z') })
      .then({ type: 'SubscriptionExpired', data: { subscriptionId: 's-1', expiredAt: '2027-02-15T10:00:00.000Z' } });
  });

  it('R17, R19: a scheduled cancellation fires at cancelAt however late', () => {
    const bought = purchased({ at: boughtAt });
    const scheduled: SubscriptionEvent = { type: 'CancellationScheduled', data: { subscriptionId: 's-1', cancelAt: '2027-02-15T10:00:00.000Z', scheduledAt: '2027-01-20T00:00:00.000Z' } };
    spec(subscriptionDecider)
      .given(...bought, scheduled)
      .when(fire('cancel-at', '2027-02-15T10:00:00.000Z'), { now: at('2027-06-01T00:00:00.000Z') })
      .then({ type: 'SubscriptionCancelled', data: { subscriptionId: 's-1', cancelledAt: '2027-02-15T10:00:00.000Z', mode: 'scheduled' } });
  });

  it(`R19: one decision fires at most ${MAX_FIRINGS_PER_DECISION} dated rules; the next timer is due at once`, () => {
    const bought = purchased({ at: boughtAt });
    const decided = decideSubscription(fire('term-end', '2027-02-15T10:00:00.000Z'), state(...bought), { now: at('2227-01-01T00:00:00.000Z') });
    expect(renewedAt(decided)).toHaveLength(MAX_FIRINGS_PER_DECISION);
    const [next] = dueTimers(state(...bought, ...decided));
    expect(next).toEqual({ timer: 'term-end', dueAt: '2127-02-15T10:00:00.000Z' });
    expect(renewedAt(decideSubscription(fire(next.timer, next.dueAt), state(...bought, ...decided), { now: at('2227-01-01T00:00:00.000Z') }))[0]).toBe(next.dueAt);
  });

  it('R19: a firing whose timer is not due yet, or no longer applies, writes nothing', () => {
    const bought = purchased({ at: boughtAt });
    expect(decideSubscription(fire('term-end', '2027-02-15T10:00:00.000Z'), state(...bought), { now: at('2027-02-15T09:59:59.999Z') })).toEqual([]);
    expect(decideSubscription(fire('term-end', '2027-01-15T10:00:00.000Z'), state(...bought), { now: at('2027-03-01T00:00:00.000Z') })).toEqual([]);
  });
});
