import { spec } from '../../testing/decider-specification';
import { offer, plus } from '../../testing/builders';
import { Offer, PurchaseOption, snapshotOf } from '../../catalog/offer';
import { NewCommerceCommand, NewCommerceContext, READS_THE_CATALOG } from './new-commerce.commands';
import { NewCommerceEvent, newCommerceEffectiveAt } from './new-commerce.events';
import { decideNewCommerce, newCommerceDecider, newCommerceDueTimers } from './new-commerce.decide';
import { evolveNewCommerce, initialNewCommerceState, NewCommerceState } from './new-commerce.state';

const d = (iso: string) => new Date(iso);
const BOUGHT = d('2026-03-01T10:00:00.000Z');
const P1Y_MONTHLY: PurchaseOption = { termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 };
const e3: Offer = offer({ id: 'e3-nce', name: 'E3 (NCE)', program: 'new-commerce', unitPriceCents: 0, minQuantity: 1, maxQuantity: 50, purchaseOptions: [
  P1Y_MONTHLY,
  { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 43200 },
  { termDuration: 'P3Y', billingFrequency: 'monthly', unitPriceCents: 3400 },
] });
const raised: Offer = { ...e3, purchaseOptions: e3.purchaseOptions!.map((o) => ({ ...o, unitPriceCents: o.unitPriceCents + 200 })) };

const ctx = (now: Date, catalogOffer: Offer | null = e3): NewCommerceContext => ({ now, catalogOffer });
const purchase = (option: PurchaseOption = P1Y_MONTHLY, quantity = 3, coTerm: Extract<NewCommerceCommand, { type: 'PurchaseNewCommerce' }>['coTerm'] = null): NewCommerceCommand => ({
  type: 'PurchaseNewCommerce', subscriptionId: 's-1', customerId: 'c-1', partnerId: 'p-1', orderId: 'o-1', offer: snapshotOf(e3), option, quantity, coTerm,
});
const fire = (timer: 'cycle-start' | 'term-end', dueAt: string): NewCommerceCommand => ({ type: 'FireNewCommerceTimer', timer, dueAt });
/** Events of a history built through the decider itself, so givens never drift. */
function history(...steps: Array<[NewCommerceCommand, NewCommerceContext]>): NewCommerceEvent[] {
  let state: NewCommerceState = initialNewCommerceState;
  const events: NewCommerceEvent[] = [];
  for (const [command, context] of steps) {
    const produced = decideNewCommerce(command, state, context);
    events.push(...produced);
    state = produced.reduce(evolveNewCommerce, state);
  }
  return events;
}
const bought = (option = P1Y_MONTHLY, quantity = 3) => history([purchase(option, quantity), ctx(BOUGHT)]);
const given = (...events: NewCommerceEvent[]) => spec(newCommerceDecider).given(...events);
const charged = (cycle: number, chargedAt: string, amountCents: number, kind = 'cycle') => ({ type: 'NewCommerceCharged', data: { kind, cycle, chargedAt, amountCents } });

describe('R25, R26 purchase: the first cycle is charged at the purchase', () => {
  it('R26: P1Y billed monthly, 3 x 36.00: purchased, 108.00 charged for the first cycle (Mar 1 -> Apr 1)', () =>
    given()
      .when(purchase(), ctx(BOUGHT))
      .thenMatch(
        { type: 'NewCommerceSubscriptionPurchased', data: { termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600, quantity: 3, termEndsAt: '2027-03-01T10:00:00.000Z', customTermEndDate: null } },
        { type: 'NewCommerceCharged', data: { kind: 'purchase', cycle: 1, amountCents: 10800, servicePeriodStart: '2026-03-01T10:00:00.000Z', servicePeriodEnd: '2026-04-01T10:00:00.000Z', invoicePeriod: '2026-04' } },
      ));

  it('R26: the due model holds the next cycle start and the term end', () =>
    expect(newCommerceDueTimers(bought().reduce(evolveNewCommerce, initialNewCommerceState))).toEqual([
      { timer: 'cycle-start', dueAt: '2026-04-01T10:00:00.000Z' },
      { timer: 'term-end', dueAt: '2027-03-01T10:00:00.000Z' },
    ]));
});

describe('R19, R26 cycle timers fire once each, dated at their own start', () => {
  it('R19, R26: fired 75 days late, the cycles of Apr 1, May 1 and Jun 1 are each charged 108.00 at their start', () =>
    given(...bought())
      .when(fire('cycle-start', '2026-04-01T10:00:00.000Z'), ctx(d('2026-06-15T00:00:00.000Z')))
      .thenMatch(
        { ...charged(2, '2026-04-01T10:00:00.000Z', 10800), data: { ...charged(2, '2026-04-01T10:00:00.000Z', 10800).data, invoicePeriod: '2026-05' } },
        charged(3, '2026-05-01T10:00:00.000Z', 10800),
        charged(4, '2026-06-01T10:00:00.000Z', 10800),
      ));

  it('R19: each late charge\'s business time is its cycle start', () => {
    const late = decideNewCommerce(fire('cycle-start', '2026-04-01T10:00:00.000Z'), bought().reduce(evolveNewCommerce, initialNewCommerceState), ctx(d('2026-06-15T00:00:00.000Z')));
    expect(late.map(newCommerceEffectiveAt)).toEqual(['2026-04-01T10:00:00.000Z', '2026-05-01T10:00:00.000Z', '2026-06-01T10:00:00.000Z']);
  });

  it('R19: the same firing again charges nothing', () => {
    const late = history([purchase(), ctx(BOUGHT)], [fire('cycle-start', '2026-04-01T10:00:00.000Z'), ctx(d('2026-06-15T00:00:00.000Z'))]);
    given(...late).when(fire('cycle-start', '2026-04-01T10:00:00.000Z'), ctx(d('2026-06-15T00:00:01.000Z'))).then();
  });

  it('R26: P3Y billed monthly, 2 x 34.00: fired at the term end after a 3-year outage, the 35 cycles left are charged once each, then the renewal at the catalog price', () => {
    const p3y: PurchaseOption = { termDuration: 'P3Y', billingFrequency: 'monthly', unitPriceCents: 3400 };
    const events = decideNewCommerce(fire('cycle-start', '2026-04-01T10:00:00.000Z'), bought(p3y, 2).reduce(evolveNewCommerce, initialNewCommerceState), ctx(d('2029-03-01T10:00:00.000Z'), raised));
    const cycles = events.filter((e) => e.type === 'NewCommerceCharged' && e.data.kind === 'cycle');
    expect(cycles).toHaveLength(35);
    expect(cycles.every((e) => e.type === 'NewCommerceCharged' && e.data.amountCents === 6800)).toBe(true);
    expect(new Set(cycles.map((e) => e.type === 'NewCommerceCharged' && e.data.chargedAt)).size).toBe(35);
    expect(events.slice(35)).toMatchObject([
      { type: 'NewCommerceSubscriptionRenewed', data: { termNumber: 2, unitPriceCents: 3600, termStartedAt: '2029-03-01T10:00:00.000Z', termEndsAt: '2032-03-01T10:00:00.000Z' } },
      { type: 'NewCommerceCharged', data: { kind: 'renewal', termNumber: 2, cycle: 1, amountCents: 7200, chargedAt: '2029-03-01T10:00:00.000Z' } },
    ]);
  });
});

describe('R26 price lock and renewal at the catalog price', () => {
  const yearOfCycles = (catalog: Offer) => history([purchase(), ctx(BOUGHT)], [fire('cycle-start', '2026-04-01T10:00:00.000Z'), ctx(d('2027-02-01T10:00:00.000Z'), catalog)]);
  it('R26: a catalog raise mid-term changes no cycle of the term: 108.00 each', () =>
    expect(yearOfCycles(raised).filter((e) => e.type === 'NewCommerceCharged').map((e) => e.type === 'NewCommerceCharged' && e.data.amountCents)).toEqual(Array(12).fill(10800)));
  it('R26: the renewal takes the catalog price of its moment: 3 x 38.00 = 114.00', () =>
    given(...yearOfCycles(e3))
      .when(fire('term-end', '2027-03-01T10:00:00.000Z'), ctx(d('2027-03-01T10:00:00.000Z'), raised))
      .thenMatch(
        { type: 'NewCommerceSubscriptionRenewed', data: { orderId: 's-1:renewal:2', unitPriceCents: 3800, termStartedAt: '2027-03-01T10:00:00.000Z', termEndsAt: '2028-03-01T10:00:00.000Z' } },
        { type: 'NewCommerceCharged', data: { kind: 'renewal', orderId: 's-1:renewal:2', amountCents: 11400 } },
      ));
});

describe('R27 cancellation through the decider', () => {
  it('R27: 25 h after the purchase: cancelled, 108.00 x 30/31 = 104.52 credited', () =>
    given(...bought())
      .when({ type: 'CancelNewCommerce' }, ctx(plus(BOUGHT, { hours: 25 })))
      .thenMatch({ type: 'NewCommerceSubscriptionCancelled' }, { type: 'NewCommerceCredited', data: { kind: 'cancellation', amountCents: 10452, orderId: 'o-1' } }));
  it('R27: 169 h after the purchase: cancellation-window-passed, nothing written', () =>
    given(...bought()).when({ type: 'CancelNewCommerce' }, ctx(plus(BOUGHT, { hours: 169 }))).thenFails('cancellation-window-passed'));
  it('R27: 167 h after a renewal (P1Y annual, 432.00, 366-day cycle to 2028): 432.00 x 360/366 = 424.92', () => {
    const annual: PurchaseOption = { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 43200 };
    const renewed = history([purchase(annual, 1), ctx(BOUGHT)], [fire('term-end', '2027-03-01T10:00:00.000Z'), ctx(d('2027-03-01T10:00:00.000Z'))]);
    given(...renewed)
      .when({ type: 'CancelNewCommerce' }, ctx(plus(d('2027-03-01T10:00:00.000Z'), { hours: 167 })))
      .thenMatch({ type: 'NewCommerceSubscriptionCancelled' }, { type: 'NewCommerceCredited', data: { orderId: 's-1:renewal:2', amountCents: 42492 } });
  });
  it('R27: a cancelled subscription is charged no later cycle', () => {
    const cancelled = history([purchase(), ctx(BOUGHT)], [{ type: 'CancelNewCommerce' }, ctx(plus(BOUGHT, { hours: 2 }))]);
    given(...cancelled).when(fire('cycle-start', '2026-04-01T10:00:00.000Z'), ctx(d('2026-05-01T10:00:00.000Z'))).then();
  });
});

describe('R28, R29 seats and scheduled changes through the decider', () => {
  it('R28: 2 seats added on day 5: 36.00 x 2 x 26/31 = 60.39; the next cycle charges 5 seats: 180.00', () => {
    const added = history([purchase(), ctx(BOUGHT)], [{ type: 'ChangeSeats', quantity: 5 }, ctx(d('2026-03-06T12:00:00.000Z'))]);
    expect(added.slice(2)).toMatchObject([{ type: 'NewCommerceSeatsChanged', data: { from: 3, to: 5 } }, { type: 'NewCommerceCharged', data: { kind: 'quantity-increase', quantity: 2, amountCents: 6039 } }]);
    given(...added).when(fire('cycle-start', '2026-04-01T10:00:00.000Z'), ctx(d('2026-04-01T10:00:00.000Z'))).thenMatch(charged(2, '2026-04-01T10:00:00.000Z', 18000));
  });
  it('R28: after 168 hours seats cannot be removed', () =>
    given(...bought()).when({ type: 'ChangeSeats', quantity: 2 }, ctx(plus(BOUGHT, { hours: 169 }))).thenFails('quantity-decrease-not-allowed'));
  it('R29: changes scheduled apply at the renewal at the catalog price: 8 seats billed annually, 8 x 434.00 = 3472.00', () => {
    const scheduled = history([purchase(), ctx(BOUGHT)], [{ type: 'ScheduleChanges', changes: { quantity: 8, billingFrequency: 'annual' } }, ctx(d('2026-06-01T00:00:00.000Z'))]);
    const state = scheduled.reduce(evolveNewCommerce, initialNewCommerceState);
    const renewal = decideNewCommerce(fire('term-end', '2027-03-01T10:00:00.000Z'), state, ctx(d('2027-03-01T10:00:00.000Z'), raised));
    expect(renewal.slice(-2)).toMatchObject([
      { type: 'NewCommerceSubscriptionRenewed', data: { quantity: 8, billingFrequency: 'annual', unitPriceCents: 43400, termEndsAt: '2028-03-01T10:00:00.000Z' } },
      { type: 'NewCommerceCharged', data: { kind: 'renewal', amountCents: 347200, servicePeriodEnd: '2028-03-01T10:00:00.000Z' } },
    ]);
  });
  it('R29: a mid-term quantity change removes the scheduled changes', () => {
    const scheduled = history([purchase(), ctx(BOUGHT)], [{ type: 'ScheduleChanges', changes: { quantity: 8 } }, ctx(d('2026-03-02T00:00:00.000Z'))]);
    given(...scheduled)
      .when({ type: 'ChangeSeats', quantity: 4 }, ctx(d('2026-03-03T00:00:00.000Z')))
      .thenMatch({ type: 'NewCommerceSeatsChanged' }, { type: 'NewCommerceCharged' }, { type: 'NewCommerceScheduledChangesRemoved', data: { why: 'quantity-changed' } });
  });
  it('R29: turning auto-renew off removes them', () => {
    const scheduled = history([purchase(), ctx(BOUGHT)], [{ type: 'ScheduleChanges', changes: { quantity: 8 } }, ctx(d('2026-03-02T00:00:00.000Z'))]);
    given(...scheduled)
      .when({ type: 'SetNewCommerceAutoRenew', enabled: false }, ctx(d('2026-03-03T00:00:00.000Z')))
      .thenMatch({ type: 'NewCommerceAutoRenewChanged', data: { enabled: false } }, { type: 'NewCommerceScheduledChangesRemoved', data: { why: 'auto-renew-turned-off' } });
  });
});

describe('R30 a co-termed purchase through the decider', () => {
  it('R30: P1Y monthly ending 2026-12-01: eight full cycles, then Nov 1 10:00 -> Dec 1 00:00 cut: 29 whole days of a 30-day cycle: 108.00 x 29/30 = 104.40; the renewal then runs a full year from Dec 1', () => {
    const coTerm = { date: d('2026-12-01T00:00:00.000Z'), kind: 'calendar-month' as const };
    const events = history([purchase(P1Y_MONTHLY, 3, coTerm), ctx(BOUGHT)]);
    expect(events[0]).toMatchObject({ data: { termEndsAt: '2026-12-01T00:00:00.000Z', customTermEndDate: '2026-12-01T00:00:00.000Z' } });
    given(...events)
      .when(fire('term-end', '2026-12-01T00:00:00.000Z'), ctx(d('2026-12-01T00:00:00.000Z')))
      .thenMatch(
        charged(2, '2026-04-01T10:00:00.000Z', 10800), charged(3, '2026-05-01T10:00:00.000Z', 10800), charged(4, '2026-06-01T10:00:00.000Z', 10800),
        charged(5, '2026-07-01T10:00:00.000Z', 10800), charged(6, '2026-08-01T10:00:00.000Z', 10800), charged(7, '2026-09-01T10:00:00.000Z', 10800),
        charged(8, '2026-10-01T10:00:00.000Z', 10800),
        { type: 'NewCommerceCharged', data: { kind: 'co-term', cycle: 9, amountCents: 10440, servicePeriodEnd: '2026-12-01T00:00:00.000Z' } },
        { type: 'NewCommerceSubscriptionRenewed', data: { termStartedAt: '2026-12-01T00:00:00.000Z', termEndsAt: '2027-12-01T00:00:00.000Z' } },
        { type: 'NewCommerceCharged', data: { kind: 'renewal', amountCents: 10800, servicePeriodEnd: '2027-01-01T00:00:00.000Z' } },
      );
  });
});

describe('R31 suspension through the decider', () => {
  const suspended = history([purchase(), ctx(BOUGHT)], [{ type: 'SuspendNewCommerce', reason: 'non-payment' }, ctx(d('2026-03-20T00:00:00.000Z'))]);
  it('R31: the cycle starting while suspended is charged', () =>
    given(...suspended).when(fire('cycle-start', '2026-04-01T10:00:00.000Z'), ctx(d('2026-04-01T10:00:00.000Z'))).thenMatch(charged(2, '2026-04-01T10:00:00.000Z', 10800)));
  it('R31: still suspended at the term end: every cycle charged, then expired (auto-renew was turned off)', () => {
    const events = decideNewCommerce(fire('cycle-start', '2026-04-01T10:00:00.000Z'), suspended.reduce(evolveNewCommerce, initialNewCommerceState), ctx(d('2027-03-01T10:00:00.000Z')));
    expect(events.filter((e) => e.type === 'NewCommerceCharged')).toHaveLength(11);
    expect(events[events.length - 1]).toEqual({ type: 'NewCommerceSubscriptionExpired', data: { subscriptionId: 's-1', expiredAt: '2027-03-01T10:00:00.000Z', why: 'suspended' } });
  });
  it('R31: reactivated, auto-renew stays off: it expires at the term end', () => {
    const reactivated = [...suspended, ...decideNewCommerce({ type: 'ReactivateNewCommerce' }, suspended.reduce(evolveNewCommerce, initialNewCommerceState), ctx(d('2026-05-01T00:00:00.000Z')))];
    const state = reactivated.reduce(evolveNewCommerce, initialNewCommerceState);
    expect(state).toMatchObject({ status: 'active', autoRenew: false });
    const events = decideNewCommerce(fire('term-end', '2027-03-01T10:00:00.000Z'), state, ctx(d('2027-03-01T10:00:00.000Z')));
    expect(events[events.length - 1]).toMatchObject({ type: 'NewCommerceSubscriptionExpired', data: { why: 'auto-renew-off' } });
  });
  it('R31: no scheduled changes while suspended', () =>
    given(...suspended).when({ type: 'ScheduleChanges', changes: { quantity: 4 } }, ctx(d('2026-04-02T00:00:00.000Z'))).thenFails('scheduled-changes-not-allowed'));
});

describe('R26, R29 which commands read the catalog', () => {
  const outcome = (command: NewCommerceCommand, state: NewCommerceState, context: NewCommerceContext) => {
    try {
      return decideNewCommerce(command, state, context);
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };
  const withSchedule = history([purchase(), ctx(BOUGHT)], [{ type: 'ScheduleChanges', changes: { quantity: 8 } }, ctx(d('2026-03-02T00:00:00.000Z'))]);
  const states = [bought(), withSchedule, history([purchase(), ctx(BOUGHT)], [{ type: 'SuspendNewCommerce', reason: 'other' }, ctx(d('2026-03-03T00:00:00.000Z'))])].map((events) => events.reduce(evolveNewCommerce, initialNewCommerceState));
  const others: NewCommerceCommand[] = [
    { type: 'CancelNewCommerce' },
    { type: 'ChangeSeats', quantity: 5 },
    { type: 'SuspendNewCommerce', reason: 'other' },
    { type: 'ReactivateNewCommerce' },
    { type: 'SetNewCommerceAutoRenew', enabled: false },
    { type: 'RemoveScheduledChanges' },
  ];

  it('R26, R29: every command outside READS_THE_CATALOG decides the same with a changed catalog offer, with none, and with the one bought', () => {
    for (const command of others) {
      expect(READS_THE_CATALOG.has(command.type)).toBe(false);
      for (const state of states) {
        const now = d('2026-03-04T00:00:00.000Z');
        expect(outcome(command, state, ctx(now, raised))).toEqual(outcome(command, state, ctx(now, null)));
        expect(outcome(command, state, ctx(now, e3))).toEqual(outcome(command, state, ctx(now, null)));
      }
    }
  });

  it('R26, R29: a renewal and a scheduled change do read it (a raised price changes them), so they are in READS_THE_CATALOG', () => {
    const state = withSchedule.reduce(evolveNewCommerce, initialNewCommerceState);
    const renewal = fire('term-end', '2027-03-01T10:00:00.000Z');
    expect(outcome(renewal, state, ctx(d('2027-03-01T10:00:00.000Z'), raised))).not.toEqual(outcome(renewal, state, ctx(d('2027-03-01T10:00:00.000Z'), null)));
    const annual: NewCommerceCommand = { type: 'ScheduleChanges', changes: { billingFrequency: 'annual' } };
    const onlyMonthly: Offer = { ...e3, purchaseOptions: [P1Y_MONTHLY] };
    expect(outcome(annual, states[0], ctx(d('2026-03-04T00:00:00.000Z'), onlyMonthly))).not.toEqual(outcome(annual, states[0], ctx(d('2026-03-04T00:00:00.000Z'), e3)));
    expect([...READS_THE_CATALOG].sort()).toEqual(['FireNewCommerceTimer', 'ScheduleChanges']);
  });
});
