import { spec } from '../testing/decider-specification';
import { at, purchased } from '../testing/builders';
import { decideSubscription, subscriptionDecider } from './subscription.decide';
import { SubscriptionCommand } from './subscription.commands';
import { SubscriptionEvent } from './subscription.events';
import { evolveSubscription, initialSubscriptionState, Subscription } from './subscription.state';

const given = (...history: SubscriptionEvent[]) => spec(subscriptionDecider).given(...history);
const state = (...history: SubscriptionEvent[]) => history.reduce(evolveSubscription, initialSubscriptionState) as Subscription;
const step = (history: SubscriptionEvent[], command: SubscriptionCommand, now: string) => [...history, ...decideSubscription(command, state(...history), { now: at(now) })];

// Monthly legacy offer, 3 x 10.00, bought 2026-01-31 09:00 (T0); terms end 2026-02-28 09:00, then 2026-03-31 09:00.
const bought = purchased({ quantity: 3, offer: { unitPriceCents: 1000 } });
const suspended = step(bought, { type: 'Suspend', reason: 'non-payment' }, '2026-02-20T00:00:00.000Z');
const renewedWhileSuspended = step(suspended, { type: 'FireTimer', timer: 'term-end', dueAt: '2026-02-28T09:00:00.000Z' }, '2026-02-28T09:00:00.000Z');

describe('R16a legacy suspension bills nothing; reactivation bills the rest of the term', () => {
  it('R16a: a renewal that falls while suspended starts the new term without a charge', () => {
    const fired = renewedWhileSuspended.slice(suspended.length);
    expect(fired).toEqual([
      { type: 'SubscriptionRenewed', data: { subscriptionId: 's-1', orderId: 's-1:renewal:2', termNumber: 2, termStartedAt: '2026-02-28T09:00:00.000Z', termEndsAt: '2026-03-31T09:00:00.000Z', renewedAt: '2026-02-28T09:00:00.000Z' } },
    ]);
  });

  it('R16a: the same renewal while active is charged in full (R14 unchanged)', () =>
    given(...bought)
      .when({ type: 'FireTimer', timer: 'term-end', dueAt: '2026-02-28T09:00:00.000Z' }, { now: at('2026-02-28T09:00:00.000Z') })
      .thenMatch({ type: 'SubscriptionRenewed' }, { type: 'SubscriptionCharged', data: { kind: 'renewal', amountCents: 3000 } }));

  it('R16a: reactivated 2026-03-10 12:00 (20 whole days of 31 left): 30.00 x 20 / 31 = 19.35 charged as a reactivation', () =>
    given(...renewedWhileSuspended)
      .when({ type: 'Reactivate' }, { now: at('2026-03-10T12:00:00.000Z') })
      .then(
        { type: 'SubscriptionReactivated', data: { subscriptionId: 's-1', reactivatedAt: '2026-03-10T12:00:00.000Z' } },
        { type: 'SubscriptionCharged', data: { subscriptionId: 's-1', customerId: 'c-1', partnerId: 'p-1', orderId: 's-1:reactivation:2', kind: 'reactivation', amountCents: 1935, invoicePeriod: '2026-04', chargedAt: '2026-03-10T12:00:00.000Z' } },
      ));

  it('R16a, R17: a cancel within 24 h of that reactivation cancels at once and credits the 19.35', () => {
    const reactivated = step(renewedWhileSuspended, { type: 'Reactivate' }, '2026-03-10T12:00:00.000Z');
    given(...reactivated)
      .when({ type: 'Cancel' }, { now: at('2026-03-11T11:59:59.000Z') })
      .thenMatch({ type: 'SubscriptionCancelled', data: { mode: 'in-window' } }, { type: 'SubscriptionCredited', data: { kind: 'cancellation', orderId: 's-1:reactivation:2', amountCents: 1935 } });
  });

  it('R16a, R17: after the reactivation window, the cancel is scheduled at the term end with no credit', () => {
    const reactivated = step(renewedWhileSuspended, { type: 'Reactivate' }, '2026-03-10T12:00:00.000Z');
    given(...reactivated).when({ type: 'Cancel' }, { now: at('2026-03-11T12:00:00.001Z') }).thenMatch({ type: 'CancellationScheduled', data: { cancelAt: '2026-03-31T09:00:00.000Z' } });
  });

  it('R16a: reactivating in the term that was charged (suspended and reactivated before the term end) charges nothing, credits nothing', () =>
    given(...suspended).when({ type: 'Reactivate' }, { now: at('2026-02-25T00:00:00.000Z') }).then({ type: 'SubscriptionReactivated', data: { subscriptionId: 's-1', reactivatedAt: '2026-02-25T00:00:00.000Z' } }));

  it('R16a: two term ends while suspended: neither charged; the reactivation bills only the rest of the current term', () => {
    const twice = step(suspended, { type: 'FireTimer', timer: 'term-end', dueAt: '2026-02-28T09:00:00.000Z' }, '2026-04-01T00:00:00.000Z');
    expect(twice.slice(suspended.length).map((e) => e.type)).toEqual(['SubscriptionRenewed', 'SubscriptionRenewed']);
    // Term 3: 2026-03-31 09:00 -> 2026-04-30 09:00 (30 days); reactivated 2026-04-10 09:00: 20 days left: 30.00 x 20 / 30 = 20.00.
    given(...twice)
      .when({ type: 'Reactivate' }, { now: at('2026-04-10T09:00:00.000Z') })
      .thenMatch({ type: 'SubscriptionReactivated' }, { type: 'SubscriptionCharged', data: { kind: 'reactivation', orderId: 's-1:reactivation:3', amountCents: 2000 } });
  });

  it('R16a: a log from before R16a (the renewal while suspended was charged) bills nothing more at reactivation', () => {
    const charged: SubscriptionEvent = { type: 'SubscriptionCharged', data: { subscriptionId: 's-1', customerId: 'c-1', partnerId: 'p-1', orderId: 's-1:renewal:2', kind: 'renewal', amountCents: 3000, invoicePeriod: '2026-03', chargedAt: '2026-02-28T09:00:00.000Z' } };
    given(...renewedWhileSuspended, charged).when({ type: 'Reactivate' }, { now: at('2026-03-10T12:00:00.000Z') }).thenMatch({ type: 'SubscriptionReactivated' });
    expect(state(...renewedWhileSuspended, charged)).not.toHaveProperty('unbilledTerm');
  });

  it('R16a: an active subscription folds without the unbilled-term field (documents from before R16a unchanged)', () => {
    expect(Object.keys(state(...bought))).not.toContain('unbilledTerm');
    expect(state(...renewedWhileSuspended).unbilledTerm).toBe(2);
  });
});
