import { plus } from '../../testing/builders';
import { DomainError } from '../../shared/domain-error';
import { billingCycles, cycleAt, cycleChargeCents, newCommerceTerm } from './billing-cycles';
import { cancellationAllowedUntil, cancelNewCommerce, NewCommerceCancellation } from './cancellation-window';
import { CycleFrequency, TermDuration } from '../../catalog/offer';

const d = (iso: string) => new Date(iso);

/** given a term started (bought or renewed) at `orderAt`, when cancelled `hours` later, then the outcome or the refusal code. */
function given(subscription: { anchor: Date; term?: number; termDuration: TermDuration; frequency: CycleFrequency; unitPriceCents: number; quantity: number }) {
  const { startsAt, endsAt } = newCommerceTerm(subscription.anchor, subscription.termDuration, subscription.term ?? 1);
  const term = { ...subscription, orderAt: startsAt };
  const cycles = billingCycles(startsAt, term.frequency, endsAt, subscription.anchor);
  return {
    whenCancelledAfter(hours: number) {
      const now = plus(term.orderAt, { hours });
      const cycle = cycleAt(cycles, now)!;
      const run = (): NewCommerceCancellation => cancelNewCommerce({ latestOrderAt: term.orderAt, cycle, cycleChargeCents: cycleChargeCents(cycle, term.unitPriceCents, term.quantity), now });
      return {
        thenCredit: (cents: number) => expect(run()).toEqual({ cancelledAt: now, creditCents: cents }),
        thenRefused: (code: string) => {
          expect(run).toThrow(DomainError);
          expect(() => run()).toThrow(expect.objectContaining({ code }));
        },
      };
    },
  };
}

describe('R27 168-hour window after a purchase (P1Y billed monthly, 3 x 36.00 = 108.00, cycle of 31 days)', () => {
  const purchase = { anchor: d('2026-03-01T10:00:00.000Z'), termDuration: 'P1Y' as const, frequency: 'monthly' as const, unitPriceCents: 3600, quantity: 3 };
  it('R27: at 0 h the full charge is credited: 108.00', () => given(purchase).whenCancelledAfter(0).thenCredit(10800));
  it('R27: at 23 h (inside the first 24 h) the full charge: 108.00', () => given(purchase).whenCancelledAfter(23).thenCredit(10800));
  it('R27: at 25 h one whole day elapsed: 108.00 x 30/31 = 104.516 -> 104.52', () => given(purchase).whenCancelledAfter(25).thenCredit(10452));
  it('R27: at 167 h six whole days elapsed: 108.00 x 25/31 = 87.096 -> 87.10', () => given(purchase).whenCancelledAfter(167).thenCredit(8710));
  it('R27: at exactly 168 h still inside, seven days elapsed: 108.00 x 24/31 = 83.612 -> 83.61', () => given(purchase).whenCancelledAfter(168).thenCredit(8361));
  it('R27: at 169 h it is refused cancellation-window-passed (it never schedules)', () => given(purchase).whenCancelledAfter(169).thenRefused('cancellation-window-passed'));
});

describe('R27 168-hour window after a renewal (P1M billed monthly bought 2026-01-31 09:00, renewed 2026-02-28 09:00, 2 x 43.20 = 86.40, cycle Feb 28 -> Mar 31 of 31 days)', () => {
  const renewal = { anchor: d('2026-01-31T09:00:00.000Z'), term: 2, termDuration: 'P1M' as const, frequency: 'monthly' as const, unitPriceCents: 4320, quantity: 2 };
  it('R27: at 0 h after the renewal: 86.40', () => given(renewal).whenCancelledAfter(0).thenCredit(8640));
  it('R27: at 23 h after the renewal: 86.40', () => given(renewal).whenCancelledAfter(23).thenCredit(8640));
  it('R27: at 25 h after the renewal: 86.40 x 30/31 = 83.613 -> 83.61', () => given(renewal).whenCancelledAfter(25).thenCredit(8361));
  it('R27: at 167 h after the renewal: 86.40 x 25/31 = 69.677 -> 69.68', () => given(renewal).whenCancelledAfter(167).thenCredit(6968));
  it('R27: at 169 h after the renewal: cancellation-window-passed', () => given(renewal).whenCancelledAfter(169).thenRefused('cancellation-window-passed'));
});

describe('R27 the window is 168 hours whatever the billing frequency', () => {
  const annual = { anchor: d('2026-03-01T10:00:00.000Z'), termDuration: 'P1Y' as const, frequency: 'annual' as const, unitPriceCents: 43200, quantity: 1 };
  it('R27: P1Y billed annual at 25 h: 432.00 x 364/365 = 430.816 -> 430.82', () => given(annual).whenCancelledAfter(25).thenCredit(43082));
  it('R27: P3Y billed triennial at 167 h: 1296.00 x (1096 - 6)/1096 = 1288.905 -> 1288.91', () =>
    given({ ...annual, termDuration: 'P3Y', frequency: 'triennial', unitPriceCents: 129600 }).whenCancelledAfter(167).thenCredit(128891));
  it('R27: P3Y billed monthly at 169 h: refused like any other', () => given({ ...annual, termDuration: 'P3Y', frequency: 'monthly', unitPriceCents: 3600 }).whenCancelledAfter(169).thenRefused('cancellation-window-passed'));
});

describe('R27 cancellationAllowedUntil', () => {
  const orderAt = d('2026-03-01T10:00:00.000Z');
  it('R27: shows the window end while it is open, null after', () => {
    expect(cancellationAllowedUntil(orderAt, plus(orderAt, { hours: 167 }))?.toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(cancellationAllowedUntil(orderAt, plus(orderAt, { hours: 168 }))?.toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(cancellationAllowedUntil(orderAt, plus(orderAt, { hours: 168, ms: 1 }))).toBeNull();
  });
});
