import { decideSubscription, evolveSubscription, initialSubscriptionState, SubscriptionEvent, SubscriptionState } from '@ledger/domain';
import { plus, purchased, T0 } from '@ledger/domain/testing/builders';
import { projection, recorded } from '../testing/projection-specification';
import { subscriptionsProjection } from './subscriptions.projection';

const stream = 'subscription-s-1';
const bought = recorded(stream, purchased({ quantity: 3, offer: { unitPriceCents: 1000 } }));
const stateAfter = (events: SubscriptionEvent[]): SubscriptionState => events.reduce(evolveSubscription, initialSubscriptionState);
const boughtEvents = bought.map((e) => ({ type: e.type, data: e.data }) as SubscriptionEvent);
const suspended = recorded(stream, decideSubscription({ type: 'Suspend', reason: 'non-payment' }, stateAfter(boughtEvents), { now: plus(T0, { days: 2 }) }), {
  firstRevision: bought.length,
  firstPosition: bought.length + 1,
});

describe('subscriptions projection', () => {
  it('folds the state, writes the queried columns, and counts the partner dashboard figures', () => {
    projection(subscriptionsProjection)
      .given(...bought)
      .when(...suspended)
      .thenDocument('s-1', { revision: 2, state: { status: 'suspended', quantity: 3 } })
      .thenColumns('s-1', { partnerId: 'p-1', customerId: 'c-1', status: 'suspended', trialEndingAt: null, deletionPendingAt: expect.any(String) })
      .thenCounters('p-1', { suspended: 1 });
  });

  it('counts an active paid monthly subscription in MRR (cents) and by status', () => {
    projection(subscriptionsProjection).given().when(...bought).thenCounters('p-1', { active: 1, mrrCents: 3000 });
  });

  it('leaves the document and the counters unchanged when an event is delivered twice', () => {
    projection(subscriptionsProjection)
      .given(...bought, ...suspended)
      .when(suspended[0], bought[1])
      .thenUnchanged();
  });
});
