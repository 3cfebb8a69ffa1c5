import { decideSubscription, evolveSubscription, initialSubscriptionState, SubscriptionEvent, SubscriptionState } from '@ledger/domain';
import { plus, purchased, T0 } from '@ledger/domain/testing/builders';
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
