import { DomainError } from '../../shared/domain-error';
import { billingCycles, newCommerceTerm, termCharges } from './billing-cycles';
import { allowedTermEndDates, CoTermCandidate, firstTermEnd } from './co-terminosity';
import { CycleFrequency } from '../../catalog/offer';

const d = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();
const BOUGHT = d('2026-03-10T09:00:00.000Z');
const other = (overrides: Partial<CoTermCandidate> = {}): CoTermCandidate => ({ subscriptionId: 's-other', status: 'active', program: 'new-commerce', termDuration: 'P1Y', termEndsAt: d('2026-08-20T09:00:00.000Z'), ...overrides });

/** The charges of a co-termed first term: 2 seats at 36.00 a month (72.00 a full cycle) unless said otherwise. */
function firstTermCharges(endsAt: Date, frequency: CycleFrequency = 'monthly', unitPriceCents = 3600) {
  return termCharges(billingCycles(BOUGHT, frequency, endsAt), unitPriceCents, 2).map((c) => [iso(c.effectiveAt).slice(0, 10), iso(c.servicePeriodEndsAt), c.amountCents]);
}

describe('R30 a co-termed P1Y line billed monthly ending at a month end', () => {
  const { endsAt, coTerm } = firstTermEnd(BOUGHT, 'P1Y', d('2026-12-01T00:00:00.000Z'), []);
  it('R30: the first term ends on 2026-12-01 00:00', () => expect([iso(endsAt), coTerm?.kind]).toEqual(['2026-12-01T00:00:00.000Z', 'calendar-month']));
  it('R30: 8 full cycles of 72.00, then the last cut at Dec 1: 20 whole days of a 30-day cycle: 72.00 x 20/30 = 48.00 (total 624.00)', () => {
    const charges = firstTermCharges(endsAt);
    expect(charges).toHaveLength(9);
    expect(charges.slice(0, 8).map((c) => c[2])).toEqual(Array(8).fill(7200));
    expect(charges[8]).toEqual(['2026-11-10', '2026-12-01T00:00:00.000Z', 4800]);
    expect(charges.reduce((sum, c) => sum + (c[2] as number), 0)).toBe(62400);
  });
  it('R30: the next term is full length from the custom end: 12 cycles from 2026-12-01 to 2027-12-01', () => {
    const second = newCommerceTerm(endsAt, 'P1Y', 1);
    expect([iso(second.startsAt), iso(second.endsAt)]).toEqual(['2026-12-01T00:00:00.000Z', '2027-12-01T00:00:00.000Z']);
    expect(termCharges(billingCycles(second.startsAt, 'monthly', second.endsAt, endsAt), 3600, 2).map((c) => c.amountCents)).toEqual(Array(12).fill(7200));
  });
  it('R30: billed annual, the one cycle is cut: 265 whole days of 365: 864.00 x 265/365 = 627.287 -> 627.29', () =>
    expect(firstTermCharges(endsAt, 'annual', 43200)).toEqual([['2026-03-10', '2026-12-01T00:00:00.000Z', 62729]]));
});

describe('R30 a co-termed P1Y line billed monthly aligned to another subscription', () => {
  const { endsAt, coTerm } = firstTermEnd(BOUGHT, 'P1Y', d('2026-08-20T09:00:00.000Z'), [other()]);
  it('R30: the first term ends with s-other\'s term', () => expect([iso(endsAt), coTerm]).toEqual(['2026-08-20T09:00:00.000Z', { date: endsAt, kind: 'subscription-aligned', subscriptionId: 's-other' }]));
  it('R30: 5 full cycles, then Aug 10 -> Aug 20 cut: 10 days of 31: 72.00 x 10/31 = 23.226 -> 23.23 (total 383.23)', () => {
    const charges = firstTermCharges(endsAt);
    expect(charges.map((c) => c[0])).toEqual(['2026-03-10', '2026-04-10', '2026-05-10', '2026-06-10', '2026-07-10', '2026-08-10']);
    expect(charges.map((c) => c[2])).toEqual([7200, 7200, 7200, 7200, 7200, 2323]);
  });
});

describe('R30 the allowed term end dates', () => {
  it('R30: P1M bought Mar 10: the aligned P1M term ends and the month ends up to the regular end, earliest first', () =>
    expect(allowedTermEndDates(BOUGHT, 'P1M', [
      other({ subscriptionId: 's-p1m', termDuration: 'P1M', termEndsAt: d('2026-03-25T00:00:00.000Z') }),
      other({ subscriptionId: 's-p1y', termDuration: 'P1Y', termEndsAt: d('2026-03-20T00:00:00.000Z') }),
      other({ subscriptionId: 's-suspended', status: 'suspended', termDuration: 'P1M', termEndsAt: d('2026-03-21T00:00:00.000Z') }),
      other({ subscriptionId: 's-legacy', program: 'legacy', termDuration: null, termEndsAt: d('2026-03-22T00:00:00.000Z') }),
      other({ subscriptionId: 's-late', termDuration: 'P1M', termEndsAt: d('2026-04-10T09:00:00.001Z') }),
    ])).toEqual([
      { date: d('2026-03-25T00:00:00.000Z'), kind: 'subscription-aligned', subscriptionId: 's-p1m' },
      { date: d('2026-04-01T00:00:00.000Z'), kind: 'calendar-month' },
    ]));
  it('R30: P1Y bought Mar 10: twelve month ends, 2026-04-01 to 2027-03-01', () => {
    const dates = allowedTermEndDates(BOUGHT, 'P1Y', []).map((t) => iso(t.date).slice(0, 10));
    expect(dates).toHaveLength(12);
    expect([dates[0], dates[11]]).toEqual(['2026-04-01', '2027-03-01']);
  });
  it('R30: bought at a month\'s first instant, the regular end itself is a month end (not the purchase instant)', () =>
    expect(allowedTermEndDates(d('2026-03-01T00:00:00.000Z'), 'P1M', []).map((t) => iso(t.date))).toEqual(['2026-04-01T00:00:00.000Z']));
});

describe('R30 invalid-term-end-date', () => {
  const refused = (date: string, others: CoTermCandidate[] = []) => {
    expect(() => firstTermEnd(BOUGHT, 'P1Y', d(date), others)).toThrow(DomainError);
    expect(() => firstTermEnd(BOUGHT, 'P1Y', d(date), others)).toThrow(expect.objectContaining({ code: 'invalid-term-end-date' }));
  };
  it('R30: a date that is neither a month end nor an aligned term end', () => refused('2026-12-15T00:00:00.000Z'));
  it('R30: a date after the regular end of the first term', () => refused('2027-04-01T00:00:00.000Z'));
  it('R30: a date not after the purchase', () => refused('2026-03-01T00:00:00.000Z'));
  it('R30: the term end of a subscription with another term duration', () => refused('2026-08-20T09:00:00.000Z', [other({ termDuration: 'P3Y' })]));
  it('R30: without customTermEndDate the first term is regular', () => expect(iso(firstTermEnd(BOUGHT, 'P1Y', null, []).endsAt)).toBe('2027-03-10T09:00:00.000Z'));
});
