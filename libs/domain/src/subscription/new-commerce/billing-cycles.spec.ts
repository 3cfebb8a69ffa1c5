import { offer } from '../../testing/builders';
import { CycleFrequency, TermDuration } from '../../catalog/offer';
import { billingCycles, cycleAt, cyclesDue, newCommerceTerm, newCommerceTermEnd, nextCycleStart, priceForNewTerm, termCharges } from './billing-cycles';

const d = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();
/** A term bought on a month's last day, so every cycle start shows R13's clamping. */
const START = d('2026-01-31T09:00:00.000Z');
const QUANTITY = 3;

function fullTerm(termDuration: TermDuration, frequency: CycleFrequency, unitPriceCents: number) {
  const endsAt = newCommerceTermEnd(START, termDuration);
  const charges = termCharges(billingCycles(START, frequency, endsAt), unitPriceCents, QUANTITY);
  return { endsAt: iso(endsAt), starts: charges.map((c) => iso(c.effectiveAt).slice(0, 10)), amounts: charges.map((c) => c.amountCents), total: charges.reduce((sum, c) => sum + c.amountCents, 0) };
}

describe('R26 billing cycles of each of the six options over a full term (3 seats, bought 2026-01-31 09:00 UTC)', () => {
  it('R26: P1M billed monthly: one cycle, 3 x 43.20 = 129.60', () =>
    expect(fullTerm('P1M', 'monthly', 4320)).toEqual({ endsAt: '2026-02-28T09:00:00.000Z', starts: ['2026-01-31'], amounts: [12960], total: 12960 }));

  it('R26: P1Y billed monthly: 12 cycles on the anchor day clamped to month ends, 12 x 108.00 = 1296.00', () =>
    expect(fullTerm('P1Y', 'monthly', 3600)).toEqual({
      endsAt: '2027-01-31T09:00:00.000Z',
      starts: ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31'],
      amounts: Array(12).fill(10800),
      total: 129600,
    }));

  it('R26: P1Y billed annual: one cycle, 3 x 432.00 = 1296.00', () =>
    expect(fullTerm('P1Y', 'annual', 43200)).toEqual({ endsAt: '2027-01-31T09:00:00.000Z', starts: ['2026-01-31'], amounts: [129600], total: 129600 }));

  it('R26: P3Y billed monthly: 36 cycles (Feb 29 in 2028), 36 x 108.00 = 3888.00', () => {
    const term = fullTerm('P3Y', 'monthly', 3600);
    expect(term.endsAt).toBe('2029-01-31T09:00:00.000Z');
    expect(term.starts).toHaveLength(36);
    expect(new Set(term.starts).size).toBe(36);
    expect(term.starts.slice(0, 3)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(term.starts).toContain('2028-02-29');
    expect(term.starts.slice(-2)).toEqual(['2028-11-30', '2028-12-31']);
    expect(term.amounts).toEqual(Array(36).fill(10800));
    expect(term.total).toBe(388800);
  });

  it('R26: P3Y billed annual: 3 cycles a year apart, 3 x 1296.00 = 3888.00', () =>
    expect(fullTerm('P3Y', 'annual', 43200)).toEqual({ endsAt: '2029-01-31T09:00:00.000Z', starts: ['2026-01-31', '2027-01-31', '2028-01-31'], amounts: [129600, 129600, 129600], total: 388800 }));

  it('R26: P3Y billed triennial: one cycle, 3 x 1296.00 = 3888.00', () =>
    expect(fullTerm('P3Y', 'triennial', 129600)).toEqual({ endsAt: '2029-01-31T09:00:00.000Z', starts: ['2026-01-31'], amounts: [388800], total: 388800 }));

  it('R26: cycles tile the term: each ends where the next starts, the last at the term end, none cut', () => {
    const cycles = billingCycles(START, 'monthly', newCommerceTermEnd(START, 'P3Y'));
    cycles.slice(1).forEach((c, i) => expect(c.startsAt).toEqual(cycles[i].endsAt));
    expect(iso(cycles[35].endsAt)).toBe('2029-01-31T09:00:00.000Z');
    expect(cycles.every((c) => !c.cut && c.days === c.fullDays)).toBe(true);
  });
});

describe('R13, R26 renewed terms keep the anchor day', () => {
  it('R13, R26: a P1M term anchored on Jan 31 renews Feb 28 -> Mar 31: one cycle of 31 days', () => {
    const second = newCommerceTerm(START, 'P1M', 2);
    expect([iso(second.startsAt), iso(second.endsAt)]).toEqual(['2026-02-28T09:00:00.000Z', '2026-03-31T09:00:00.000Z']);
    expect(billingCycles(second.startsAt, 'monthly', second.endsAt, START).map((c) => [iso(c.startsAt), iso(c.endsAt), c.days])).toEqual([['2026-02-28T09:00:00.000Z', '2026-03-31T09:00:00.000Z', 31]]);
  });
  it('R13, R26: a P1Y term billed monthly anchored on 2028-02-29 renews on 2029-02-28 and bills on the 29th again from March', () => {
    const anchor = d('2028-02-29T00:00:00.000Z');
    const second = newCommerceTerm(anchor, 'P1Y', 2);
    const starts = billingCycles(second.startsAt, 'monthly', second.endsAt, anchor).map((c) => iso(c.startsAt).slice(0, 10));
    expect(starts.slice(0, 3)).toEqual(['2029-02-28', '2029-03-29', '2029-04-29']);
    expect(starts).toHaveLength(12);
    expect(iso(second.endsAt)).toBe('2030-02-28T00:00:00.000Z');
  });
});

describe('R26 the current cycle and the cycle timers (R19)', () => {
  const cycles = billingCycles(START, 'monthly', newCommerceTermEnd(START, 'P1Y'));
  it('R26: the current cycle runs from its start (inclusive) to the next start (exclusive)', () => {
    expect(cycleAt(cycles, d('2026-02-28T08:59:59.999Z'))?.index).toBe(1);
    expect(cycleAt(cycles, d('2026-02-28T09:00:00.000Z'))?.index).toBe(2);
    expect(cycleAt(cycles, d('2027-01-31T09:00:00.000Z'))).toBeNull();
  });
  it('R19, R26: after an outage, every missed cycle start is due once, each dated at its own start', () => {
    const due = cyclesDue(cycles, 1, d('2026-05-15T00:00:00.000Z'));
    expect(due.map((c) => [c.index, iso(c.startsAt)])).toEqual([[2, '2026-02-28T09:00:00.000Z'], [3, '2026-03-31T09:00:00.000Z'], [4, '2026-04-30T09:00:00.000Z']]);
    expect(cyclesDue(cycles, 4, d('2026-05-15T00:00:00.000Z'))).toEqual([]);
    expect(iso(nextCycleStart(cycles, 4)!)).toBe('2026-05-31T09:00:00.000Z');
    expect(nextCycleStart(cycles, 12)).toBeNull();
  });
});

describe('R26 price lock per term', () => {
  const bought = offer({ program: 'new-commerce', unitPriceCents: 0, purchaseOptions: [{ termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 }] });
  const raised = offer({ program: 'new-commerce', unitPriceCents: 0, purchaseOptions: [{ termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3960 }] });
  it('R26: the term locks the catalog price of its start; a raise mid-term changes no cycle of it', () => {
    const locked = priceForNewTerm(bought, { termDuration: 'P1Y', billingFrequency: 'monthly' });
    expect(locked).toEqual({ kind: 'priced', unitPriceCents: 3600 });
    const charges = termCharges(billingCycles(START, 'monthly', newCommerceTermEnd(START, 'P1Y')), 3600, QUANTITY);
    expect(charges.map((c) => c.amountCents)).toEqual(Array(12).fill(10800));
  });
  it('R26: the renewal takes the catalog price of that moment: 3 x 39.60 = 118.80 a cycle in the next term', () => {
    const renewal = priceForNewTerm(raised, { termDuration: 'P1Y', billingFrequency: 'monthly' });
    expect(renewal).toEqual({ kind: 'priced', unitPriceCents: 3960 });
    const next = newCommerceTermEnd(START, 'P1Y');
    const charges = termCharges(billingCycles(next, 'monthly', newCommerceTermEnd(next, 'P1Y')), 3960, QUANTITY);
    expect(iso(charges[0].effectiveAt)).toBe('2027-01-31T09:00:00.000Z');
    expect(charges.map((c) => c.amountCents)).toEqual(Array(12).fill(11880));
  });
  it('R26: an option the catalog no longer lists has no price to renew at', () =>
    expect(priceForNewTerm(raised, { termDuration: 'P1Y', billingFrequency: 'annual' })).toEqual({ kind: 'option-withdrawn' }));
});
