import { decideSubscription, evolveSubscription, initialSubscriptionState, SubscriptionCommand, SubscriptionEvent, SubscriptionState } from '@ledger/domain';
import { purchased } from '@ledger/domain/testing/builders';
import { RecordedEvent } from '../ports/event-store.port';
import { projection, recorded } from '../testing/projection-specification';
import { analyticsProjection } from './analytics.projection';

let position = 0;

/** A subscription's history as the log would hold it: events from the decider, dated by `now` (or `effectiveAt`). */
function subscription(id: string, options: Parameters<typeof purchased>[0] & { at: Date }) {
  const stream = `subscription-${id}`;
  let state: SubscriptionState = initialSubscriptionState;
  let revision = 0;
  const record = (events: SubscriptionEvent[], now: Date, effectiveAt?: Date): RecordedEvent[] => {
    const out = recorded(stream, events, { firstRevision: revision, firstPosition: position + 1 }).map((e) => ({
      ...e,
      metadata: { ...e.metadata, occurredAt: now.toISOString(), ...(effectiveAt ? { effectiveAt: effectiveAt.toISOString() } : {}) },
    }));
    state = events.reduce(evolveSubscription, state);
    revision += events.length;
    position += events.length;
    return out;
  };
  return {
    bought: record(purchased({ ...options, id }), options.at),
    then(command: SubscriptionCommand, now: Date, effectiveAt?: Date) {
      return record(decideSubscription(command, state, { now: effectiveAt ?? now }), now, effectiveAt);
    },
  };
}

const JAN = new Date('2026-01-10T00:00:00.000Z');
const FEB = new Date('2026-02-10T00:00:00.000Z');
const MAR = new Date('2026-03-10T00:00:00.000Z');

describe('analytics projection (R24)', () => {
  it('R24: a monthly purchase counts as purchased, active, MRR and a charge in the month of its business time, for its partner and its customer', () => {
    const s = subscription('s-1', { at: JAN, quantity: 3, offer: { unitPriceCents: 1000 } });
    projection(analyticsProjection)
      .given()
      .when(...s.bought)
      .thenDocument('s-1', { state: { partnerId: 'p-1', customerId: 'c-1', status: 'active' }, months: { '2026-01': { purchased: 1, active: 1, mrrCents: 3000, chargesCents: 3000 } } })
      .thenCounters('partner:p-1', { '2026-01:purchased': 1, '2026-01:active': 1, '2026-01:mrrCents': 3000, '2026-01:chargesCents': 3000 })
      .thenCounters('customer:c-1', { '2026-01:purchased': 1, '2026-01:active': 1, '2026-01:mrrCents': 3000, '2026-01:chargesCents': 3000 });
  });

  it('R24: annual prices count one twelfth, half-up to the cent per subscription (150 cents x 1 / 12 = 12.5 -> 13)', () => {
    const s = subscription('s-1', { at: JAN, quantity: 1, offer: { unitPriceCents: 150, billingFrequency: 'annual' } });
    projection(analyticsProjection)
      .given()
      .when(...s.bought)
      .thenCounters('partner:p-1', { '2026-01:purchased': 1, '2026-01:active': 1, '2026-01:mrrCents': 13, '2026-01:chargesCents': 150 });
  });

  it('R24: a suspension in a later month moves that month only (active -1, MRR to zero); a reactivation brings both back', () => {
    const s = subscription('s-1', { at: JAN, quantity: 2, offer: { unitPriceCents: 1000 } });
    const suspended = s.then({ type: 'Suspend', reason: 'non-payment' }, FEB);
    const reactivated = s.then({ type: 'Reactivate' }, MAR);
    projection(analyticsProjection)
      .given(...s.bought)
      .when(...suspended, ...reactivated)
      .thenCounters('partner:p-1', {
        '2026-01:purchased': 1,
        '2026-01:active': 1,
        '2026-01:mrrCents': 2000,
        '2026-01:chargesCents': 2000,
        '2026-02:active': -1,
        '2026-02:mrrCents': -2000,
        '2026-03:active': 1,
        '2026-03:mrrCents': 2000,
      });
  });

  it('R24: a trial is active with zero MRR until it converts; the conversion adds MRR and the charge in its own month', () => {
    const s = subscription('s-1', { at: JAN, quantity: 1, offer: { unitPriceCents: 2500, trialDays: 30 } });
    const trialEnd = new Date('2026-02-09T00:00:00.000Z');
    const converted = s.then({ type: 'FireTimer', timer: 'trial-end', dueAt: trialEnd.toISOString() }, trialEnd);
    projection(analyticsProjection)
      .given(...s.bought)
      .when(...converted)
      .thenCounters('partner:p-1', { '2026-01:purchased': 1, '2026-01:active': 1, '2026-02:mrrCents': 2500, '2026-02:chargesCents': 2500 });
  });

  it('R24: a cancellation inside the window counts as cancelled with its credit; net is left to the query', () => {
    const s = subscription('s-1', { at: JAN, quantity: 1, offer: { unitPriceCents: 1000 } });
    const cancelled = s.then({ type: 'Cancel' }, new Date(JAN.getTime() + 3_600_000));
    projection(analyticsProjection)
      .given(...s.bought)
      .when(...cancelled)
      .thenDocument('s-1', { state: { status: 'cancelled' } })
      .thenCounters('partner:p-1', { '2026-01:purchased': 1, '2026-01:cancelled': 1, '2026-01:chargesCents': 1000, '2026-01:creditsCents': 1000 });
  });

  it('R19/R24: a late timer firing counts in the month it was due (effectiveAt), not the month it was written', () => {
    const s = subscription('s-1', { at: JAN, quantity: 1, offer: { unitPriceCents: 1000 } });
    const autoRenewOff = s.then({ type: 'SetAutoRenew', enabled: false }, JAN);
    const due = new Date('2026-02-10T00:00:00.000Z');
    const expired = s.then({ type: 'FireTimer', timer: 'term-end', dueAt: due.toISOString() }, new Date('2026-03-02T00:00:00.000Z'), due);
    expect(expired.map((e) => e.type)).toEqual(['SubscriptionExpired']);
    projection(analyticsProjection)
      .given(...s.bought, ...autoRenewOff)
      .when(...expired)
      .thenCounters('partner:p-1', { '2026-01:purchased': 1, '2026-01:active': 1, '2026-01:mrrCents': 1000, '2026-01:chargesCents': 1000, '2026-02:expired': 1, '2026-02:active': -1, '2026-02:mrrCents': -1000 });
  });

  it('R24: a quantity change moves MRR by the seats changed, in the month of the change', () => {
    const s = subscription('s-1', { at: JAN, quantity: 2, offer: { unitPriceCents: 1000 } });
    const decreased = s.then({ type: 'ChangeQuantity', quantity: 1 }, new Date(JAN.getTime() + 3_600_000));
    projection(analyticsProjection)
      .given(...s.bought)
      .when(...decreased)
      .thenCounters('partner:p-1', { '2026-01:purchased': 1, '2026-01:active': 1, '2026-01:mrrCents': 1000, '2026-01:chargesCents': 2000, '2026-01:creditsCents': 1000 });
  });

  it('R24: an event delivered twice counts once (documents and counters unchanged)', () => {
    const s = subscription('s-1', { at: JAN, quantity: 2, offer: { unitPriceCents: 1000 } });
    const suspended = s.then({ type: 'Suspend', reason: 'other' }, FEB);
    projection(analyticsProjection)
      .given(...s.bought, ...suspended)
      .when(...s.bought, ...suspended)
      .thenUnchanged();
  });
});
