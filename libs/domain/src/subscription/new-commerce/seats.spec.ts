import { DomainError } from '../../shared/domain-error';
import { billingCycles, cycleAt, newCommerceTerm } from './billing-cycles';
import { changeSeats, refundableQuantity, restOfCycleCents, SeatChange, SeatChangeInput, SeatLot, seatLotsAtTermStart } from './seats';

const d = (iso: string) => new Date(iso);
/** P1Y billed monthly, bought 2026-03-01 10:00 with 5 seats at 36.00: the first cycle has 31 days. */
const BOUGHT = d('2026-03-01T10:00:00.000Z');
const term = newCommerceTerm(BOUGHT, 'P1Y', 1);
const cycles = billingCycles(term.startsAt, 'monthly', term.endsAt);

/** given the seats so far, when the quantity is set at `now`, then the change (or the refusal). */
function given(quantity: number, lots: SeatLot[], overrides: Partial<SeatChangeInput> = {}) {
  return {
    when(newQuantity: number, now: Date) {
      const run = (): SeatChange => changeSeats({ status: 'active', inTrial: false, quantity, newQuantity, minQuantity: 1, maxQuantity: 300, unitPriceCents: 3600, cycle: cycleAt(cycles, now)!, lots, now, ...overrides });
      return {
        then: (expected: Partial<SeatChange>) => expect(run()).toMatchObject(expected),
        thenFails: (code: string) => {
          expect(run).toThrow(DomainError);
          expect(() => run()).toThrow(expect.objectContaining({ code }));
        },
        run,
      };
    },
  };
}
const only = (change: SeatChange) => {
  if (change.kind === 'unchanged') throw new Error('expected a change');
  return change.lots;
};

describe('R28 seats added on different days, each with its own 168-hour window', () => {
  const purchased = seatLotsAtTermStart(5, BOUGHT);
  // +2 on day 5 (Mar 6 12:00): 36.00 x 2 x (31 - 5)/31 = 60.387 -> 60.39
  const first = given(5, purchased).when(7, d('2026-03-06T12:00:00.000Z')).run();
  // +3 on day 9 (Mar 10 10:00): 36.00 x 3 x (31 - 9)/31 = 76.645 -> 76.65
  const second = given(7, only(first)).when(10, d('2026-03-10T10:00:00.000Z')).run();
  const lots = only(second);

  it('R28: each addition is charged for the rest of the cycle: 60.39 on day 5, 76.65 on day 9', () => {
    expect(first).toMatchObject({ kind: 'increase', seats: 2, chargeCents: 6039 });
    expect(second).toMatchObject({ kind: 'increase', seats: 3, chargeCents: 7665 });
  });

  it('R28: refundableQuantity lists each addition still inside its 168 hours, with its own end', () => {
    expect(refundableQuantity(lots, d('2026-03-10T10:00:00.000Z'))).toEqual([
      { quantity: 2, until: d('2026-03-13T12:00:00.000Z') },
      { quantity: 3, until: d('2026-03-17T10:00:00.000Z') },
    ]);
    expect(refundableQuantity(lots, d('2026-03-14T10:00:00.000Z'))).toEqual([{ quantity: 3, until: d('2026-03-17T10:00:00.000Z') }]);
    expect(refundableQuantity(lots, d('2026-03-17T10:00:00.001Z'))).toEqual([]);
  });

  it('R28: 4 of the 5 seats still in their windows can be removed on day 11: 36.00 x 4 x 20/31 = 92.903 -> 92.90 credited, the newest addition first', () => {
    const removed = given(10, lots).when(6, d('2026-03-12T10:00:00.000Z')).run();
    expect(removed).toMatchObject({ kind: 'decrease', seats: 4, creditCents: 9290 });
    expect(refundableQuantity(only(removed), d('2026-03-12T10:00:00.000Z'))).toEqual([{ quantity: 1, until: d('2026-03-13T12:00:00.000Z') }]);
  });

  it('R28: more than were added within 168 hours is quantity-decrease-not-allowed', () => {
    given(10, lots).when(4, d('2026-03-12T10:00:00.000Z')).thenFails('quantity-decrease-not-allowed');
    given(10, lots).when(6, d('2026-03-14T10:00:00.000Z')).thenFails('quantity-decrease-not-allowed');
    given(10, lots).when(7, d('2026-03-14T10:00:00.000Z')).then({ kind: 'decrease', seats: 3 });
  });

  it('R28: once every window has closed no seat can be removed', () => given(10, lots).when(9, d('2026-03-18T10:00:00.000Z')).thenFails('quantity-decrease-not-allowed'));

  it('R28: seats of the purchase can be removed inside its 168 hours: day 1, 2 seats: 36.00 x 2 x 30/31 = 69.677 -> 69.68', () =>
    given(5, purchased).when(3, d('2026-03-02T10:00:00.000Z')).then({ kind: 'decrease', seats: 2, creditCents: 6968 }));

  it('R28: a renewal adds the whole quantity again, removable inside its own 168 hours', () => {
    const renewedAt = d('2027-03-01T10:00:00.000Z');
    expect(refundableQuantity(seatLotsAtTermStart(10, renewedAt), d('2027-03-05T00:00:00.000Z'))).toEqual([{ quantity: 10, until: d('2027-03-08T10:00:00.000Z') }]);
  });
});

describe('R28 when seats cannot change', () => {
  const lots = seatLotsAtTermStart(5, BOUGHT);
  const now = d('2026-03-02T10:00:00.000Z');
  it('R28: not while suspended', () => given(5, lots, { status: 'suspended' }).when(6, now).thenFails('subscription-not-active'));
  it('R28: not in trial', () => given(5, lots, { inTrial: true }).when(6, now).thenFails('trial-quantity-change'));
  it('R28: within min/max only', () => {
    given(5, lots).when(301, now).thenFails('invalid-quantity');
    given(5, lots).when(0, now).thenFails('invalid-quantity');
    given(5, lots).when(2.5, now).thenFails('invalid-quantity');
  });
  it('R28: the same quantity changes nothing', () => given(5, lots).when(5, now).then({ kind: 'unchanged' }));
});

describe('R28, R30 seats added in a cut last cycle', () => {
  it('R28, R30: Nov 10 09:00 -> Dec 1 00:00 is cut (20 whole days of 30): 2 seats added on Nov 20 09:00: 36.00 x 2 x (20 - 10)/30 = 24.00', () => {
    const cut = billingCycles(d('2026-03-10T09:00:00.000Z'), 'monthly', d('2026-12-01T00:00:00.000Z')).pop()!;
    expect([cut.days, cut.fullDays, cut.cut]).toEqual([20, 30, true]);
    expect(restOfCycleCents(3600, 2, cut, d('2026-11-20T09:00:00.000Z'))).toBe(2400);
  });
});
