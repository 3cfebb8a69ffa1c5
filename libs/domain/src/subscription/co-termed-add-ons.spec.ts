import { spec } from '../testing/decider-specification';
import { at, purchased } from '../testing/builders';
import { decideSubscription, dueTimers, subscriptionDecider } from './subscription.decide';
import { BaseTerm } from './subscription.commands';
import { SubscriptionEvent } from './subscription.events';
import { evolveSubscription, initialSubscriptionState, Subscription } from './subscription.state';
import { addOnCascade } from './add-on-cascade';

const state = (...history: SubscriptionEvent[]) => history.reduce(evolveSubscription, initialSubscriptionState) as Subscription;

// The base: monthly, bought 2027-01-31 09:00, so its first term ends 2027-02-28 09:00 (28 days).
const baseTerm: BaseTerm = { subscriptionId: 'base', billingFrequency: 'monthly', termStartedAt: '2027-01-31T09:00:00.000Z', termEndsAt: '2027-02-28T09:00:00.000Z' };
const addOnOffer = { id: 'storage', unitPriceCents: 500 };
const addOn = (options: { at?: Date; term?: BaseTerm; quantity?: number } = {}) =>
  purchased({ id: 'addon', parent: 'base', baseTerm: options.term ?? baseTerm, offer: addOnOffer, quantity: options.quantity ?? 2, at: options.at ?? at('2027-02-10T12:00:00.000Z') });

describe('R15 add-ons are co-termed with their base', () => {
  it('R15: the first term runs from the purchase to the base term end, charged for the whole days left over the base term', () => {
    const [bought, charged] = addOn();
    expect(bought).toMatchObject({ data: { termStartedAt: '2027-02-10T12:00:00.000Z', termEndsAt: '2027-02-28T09:00:00.000Z', coTerm: { baseSubscriptionId: 'base', baseFrequency: 'monthly' } } });
    // 2 seats x 5.00 = 10.00 a term; 17 whole days left (17 d 21 h) of 28: 10.00 x 17 / 28 = 6.0714... -> 6.07
    expect(charged).toMatchObject({ type: 'SubscriptionCharged', data: { kind: 'purchase', amountCents: 607 } });
  });

  it('R15: a monthly add-on on an annual base is priced for the base term (twelve months), pro rata', () => {
    const annual: BaseTerm = { subscriptionId: 'base', billingFrequency: 'annual', termStartedAt: '2027-01-01T00:00:00.000Z', termEndsAt: '2028-01-01T00:00:00.000Z' };
    const [, charged] = addOn({ term: annual, at: at('2027-07-02T00:00:00.000Z'), quantity: 1 });
    // 5.00 x 12 = 60.00 for the year; 183 days left of 365: 60.00 x 183 / 365 = 30.082... -> 30.08
    expect(charged).toMatchObject({ data: { amountCents: 3008 } });
  });

  it('R15: a co-termed add-on has no term timers of its own (it moves with its base)', () => {
    expect(dueTimers(state(...addOn()))).toEqual([]);
    const suspended: SubscriptionEvent = { type: 'SubscriptionSuspended', data: { subscriptionId: 'addon', reason: 'other', suspendedAt: '2027-02-11T00:00:00.000Z', dataDeletionAt: '2027-05-12T00:00:00.000Z' } };
    expect(dueTimers(state(...addOn(), suspended))).toEqual([{ timer: 'data-deletion', dueAt: '2027-05-12T00:00:00.000Z' }]);
  });

  it('R15: when the base renews, the add-on renews into the same term with a full charge', () =>
    spec(subscriptionDecider)
      .given(...addOn())
      .when({ type: 'FollowBaseTerm', termStartedAt: '2027-02-28T09:00:00.000Z', termEndsAt: '2027-03-31T09:00:00.000Z', at: '2027-02-28T09:00:00.000Z' }, { now: at('2027-03-02T00:00:00.000Z') })
      .thenMatch(
        { type: 'SubscriptionRenewed', data: { subscriptionId: 'addon', termNumber: 2, termStartedAt: '2027-02-28T09:00:00.000Z', termEndsAt: '2027-03-31T09:00:00.000Z', renewedAt: '2027-02-28T09:00:00.000Z' } },
        { type: 'SubscriptionCharged', data: { kind: 'renewal', amountCents: 1000, chargedAt: '2027-02-28T09:00:00.000Z', invoicePeriod: '2027-03' } },
      ));

  it('R15: following the same base term twice changes nothing', () => {
    const follow = { type: 'FollowBaseTerm' as const, termStartedAt: '2027-02-28T09:00:00.000Z', termEndsAt: '2027-03-31T09:00:00.000Z', at: '2027-02-28T09:00:00.000Z' };
    const renewed = decideSubscription(follow, state(...addOn()), { now: at('2027-02-28T09:00:00.000Z') });
    spec(subscriptionDecider).given(...addOn(), ...renewed).when(follow, { now: at('2027-02-28T09:00:00.000Z') }).then();
  });

  it('R15, R17: an add-on whose cancellation was scheduled is cancelled at the base term end; with auto-renew off it expires there', () => {
    const follow = { type: 'FollowBaseTerm' as const, termStartedAt: '2027-02-28T09:00:00.000Z', termEndsAt: '2027-03-31T09:00:00.000Z', at: '2027-02-28T09:00:00.000Z' };
    const scheduled = decideSubscription({ type: 'Cancel' }, state(...addOn()), { now: at('2027-02-20T00:00:00.000Z') });
    expect(scheduled).toMatchObject([{ type: 'CancellationScheduled', data: { cancelAt: '2027-02-28T09:00:00.000Z' } }]);
    spec(subscriptionDecider).given(...addOn(), ...scheduled).when(follow, { now: at('2027-02-28T09:00:00.000Z') })
      .then({ type: 'SubscriptionCancelled', data: { subscriptionId: 'addon', cancelledAt: '2027-02-28T09:00:00.000Z', mode: 'scheduled' } });
    const off: SubscriptionEvent = { type: 'AutoRenewChanged', data: { subscriptionId: 'addon', enabled: false, changedAt: '2027-02-20T00:00:00.000Z' } };
    spec(subscriptionDecider).given(...addOn(), off).when(follow, { now: at('2027-02-28T09:00:00.000Z') })
      .then({ type: 'SubscriptionExpired', data: { subscriptionId: 'addon', expiredAt: '2027-02-28T09:00:00.000Z' } });
  });

  it('R15, R17: cancelled inside its own window (24 h from its purchase) it is credited what it was charged', () =>
    spec(subscriptionDecider)
      .given(...addOn())
      .when({ type: 'Cancel' }, { now: at('2027-02-11T11:00:00.000Z') })
      .thenMatch({ type: 'SubscriptionCancelled', data: { mode: 'in-window' } }, { type: 'SubscriptionCredited', data: { kind: 'cancellation', amountCents: 607 } }));
});

describe('R15 the add-on cascade (workflow: base event in, add-on commands out)', () => {
  const base = (...more: SubscriptionEvent[]) =>
    state(...purchased({ id: 'base', at: at('2027-01-31T09:00:00.000Z') }), { type: 'AddOnAttached', data: { subscriptionId: 'base', addOnSubscriptionId: 'addon', offerId: 'storage', attachedAt: '2027-02-10T12:00:00.000Z' } }, ...more);
  const suspended: SubscriptionEvent = { type: 'SubscriptionSuspended', data: { subscriptionId: 'base', reason: 'non-payment', suspendedAt: '2027-02-12T00:00:00.000Z', dataDeletionAt: '2027-05-13T00:00:00.000Z' } };
  const reactivated: SubscriptionEvent = { type: 'SubscriptionReactivated', data: { subscriptionId: 'base', reactivatedAt: '2027-02-13T00:00:00.000Z' } };
  const renewed: SubscriptionEvent = { type: 'SubscriptionRenewed', data: { subscriptionId: 'base', orderId: 'base:renewal:2', termNumber: 2, termStartedAt: '2027-02-28T09:00:00.000Z', termEndsAt: '2027-03-31T09:00:00.000Z', renewedAt: '2027-02-28T09:00:00.000Z' } };

  it('R15: a renewal of the base moves each add-on into the new term, at the renewal instant', () =>
    expect(addOnCascade(renewed, base(renewed))).toEqual([
      { addOnId: 'addon', at: '2027-02-28T09:00:00.000Z', command: { type: 'FollowBaseTerm', termStartedAt: '2027-02-28T09:00:00.000Z', termEndsAt: '2027-03-31T09:00:00.000Z', at: '2027-02-28T09:00:00.000Z' } },
    ]));

  it('R15: suspension, scheduled cancellation, expiry and deletion follow the base', () => {
    expect(addOnCascade(suspended, base(suspended))).toEqual([{ addOnId: 'addon', at: '2027-02-12T00:00:00.000Z', command: { type: 'Suspend', reason: 'non-payment' } }]);
    const cancelled: SubscriptionEvent = { type: 'SubscriptionCancelled', data: { subscriptionId: 'base', cancelledAt: '2027-02-28T09:00:00.000Z', mode: 'scheduled' } };
    expect(addOnCascade(cancelled, base(cancelled))[0].command).toEqual({ type: 'EndWithBase', ending: 'cancelled', at: '2027-02-28T09:00:00.000Z' });
    const expired: SubscriptionEvent = { type: 'SubscriptionExpired', data: { subscriptionId: 'base', expiredAt: '2027-02-28T09:00:00.000Z' } };
    expect(addOnCascade(expired, base(expired))[0].command).toEqual({ type: 'EndWithBase', ending: 'expired', at: '2027-02-28T09:00:00.000Z' });
  });

  it('R15: a suspension the base has since undone is not followed (delivered again after the reactivation)', () => {
    const now = base(suspended, reactivated);
    expect(addOnCascade(suspended, now)).toEqual([]);
    expect(addOnCascade(reactivated, now)).toHaveLength(1);
  });

  it('R15: events of a subscription without add-ons, or of an add-on, cascade nothing', () => {
    expect(addOnCascade(renewed, state(...purchased({ id: 'base' })))).toEqual([]);
    expect(addOnCascade(renewed, state(...addOn()))).toEqual([]);
  });
});
