import { decideNewCommerce, decideSubscription, evolveNewCommerce, evolveSubscription, initialNewCommerceState, initialSubscriptionState, snapshotOf, SubscriptionEvent, SubscriptionState } from '@ledger/domain';
import { offer, plus, purchased, T0 } from '@ledger/domain/testing/builders';
import { projection, recorded } from '../testing/projection-specification';
import { dueProjection } from './due.projection';

const stream = 'subscription-s-1';
const boughtEvents = purchased({ quantity: 1 });
const bought = recorded(stream, boughtEvents);
const after = (events: SubscriptionEvent[]): SubscriptionState => events.reduce(evolveSubscription, initialSubscriptionState);
const suspendedEvents = decideSubscription({ type: 'Suspend', reason: 'other' }, after(boughtEvents), { now: plus(T0, { days: 2 }) });
const suspended = recorded(stream, suspendedEvents, { firstRevision: bought.length, firstPosition: bought.length + 1 });
const deletionAt = (suspendedEvents[0].data as { dataDeletionAt: string }).dataDeletionAt;

describe('R19 the due read model', () => {
  it('R19: keeps the earliest timer of the stream, as a number of milliseconds', () => {
    projection(dueProjection)
      .given()
      .when(...bought)
      .thenDocument('s-1', { partnerId: 'p-1', kind: 'term-end', dueAt: '2026-02-28T09:00:00.000Z' })
      .thenColumns('s-1', { dueAtMs: Date.parse('2026-02-28T09:00:00.000Z') });
  });

  it('R16, R19: a suspension adds the data deletion; the term end stays the earliest', () => {
    projection(dueProjection)
      .given(...bought)
      .when(...suspended)
      .thenDocument('s-1', { kind: 'term-end', timers: { status: 'suspended', dataDeletionAt: deletionAt } });
  });

  it('R19: an event delivered twice changes nothing', () => {
    projection(dueProjection).given(...bought, ...suspended).when(suspended[0], bought[0]).thenUnchanged();
  });

  it('R19: an ended subscription has nothing due (no dueAtMs)', () => {
    const cancelled = recorded(stream, decideSubscription({ type: 'Cancel' }, after(boughtEvents), { now: plus(T0, { hours: 1 }) }), { firstRevision: bought.length, firstPosition: bought.length + 1 });
    projection(dueProjection).given(...bought).when(...cancelled).thenDocument('s-1', { kind: null, dueAt: null }).thenColumns('s-1', { dueAtMs: null });
  });
});

describe('R19, R26 the due read model for new commerce', () => {
  const nce = offer({ id: 'e5-nce', program: 'new-commerce', unitPriceCents: 0, purchaseOptions: [{ termDuration: 'P3Y', billingFrequency: 'monthly', unitPriceCents: 5985 }] });
  const boughtNce = decideNewCommerce(
    { type: 'PurchaseNewCommerce', subscriptionId: 'n-1', customerId: 'c-1', partnerId: 'p-1', orderId: 'o-1', offer: snapshotOf(nce), option: nce.purchaseOptions![0], quantity: 2, coTerm: null },
    initialNewCommerceState,
    { now: T0 },
  );
  const nceStream = 'subscription-n-1';

  it('R26: after the purchase the next cycle start is due (Jan 31 -> Feb 28), not the term end', () => {
    projection(dueProjection)
      .given()
      .when(...recorded(nceStream, boughtNce))
      .thenDocument('n-1', { partnerId: 'p-1', program: 'new-commerce', kind: 'cycle-start', dueAt: '2026-02-28T09:00:00.000Z' })
      .thenColumns('n-1', { dueAtMs: Date.parse('2026-02-28T09:00:00.000Z') });
  });

  it('R19, R26: one late firing charges the 35 cycles due; then the term end is the next timer', () => {
    const state = boughtNce.reduce(evolveNewCommerce, initialNewCommerceState);
    const fired = decideNewCommerce({ type: 'FireNewCommerceTimer', timer: 'cycle-start', dueAt: '2026-02-28T09:00:00.000Z' }, state, { now: new Date('2028-12-31T09:00:00.000Z') });
    expect(fired.filter((e) => e.type === 'NewCommerceCharged')).toHaveLength(35);
    const firedEvents = recorded(nceStream, fired, { firstRevision: boughtNce.length, firstPosition: boughtNce.length + 1 });
    projection(dueProjection)
      .given(...recorded(nceStream, boughtNce))
      .when(...firedEvents)
      .thenDocument('n-1', { kind: 'term-end', dueAt: '2029-01-31T09:00:00.000Z' });
  });
});
