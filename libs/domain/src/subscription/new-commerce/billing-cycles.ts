import { CycleFrequency, findPurchaseOption, Offer, TermChoice, TermDuration } from '../../catalog/offer';
import { addMonths, DAY_MS } from '../terms';

/** Pure calendar arithmetic of new-commerce terms and billing cycles (R26, R30). All instants UTC. */

export const TERM_MONTHS: Readonly<Record<TermDuration, number>> = { P1M: 1, P1Y: 12, P3Y: 36 };
export const CYCLE_MONTHS: Readonly<Record<CycleFrequency, number>> = { monthly: 1, annual: 12, triennial: 36 };

/** R26: the regular end of a term starting at `termStartsAt` (R13's calendar arithmetic, anchor kept). */
export function newCommerceTermEnd(termStartsAt: Date, termDuration: TermDuration): Date {
  return addMonths(termStartsAt, TERM_MONTHS[termDuration]);
}

/**
 * R13, R26: the n-th term (1-based) of a subscription whose terms are counted from `anchor`
 * (its purchase, or with R30 the end of its co-termed first term: later terms are full
 * length from there). Counted from the anchor, not chained, so the anchor day survives a
 * short month: a P1M term anchored on Jan 31 runs Feb 28 -> Mar 31.
 */
export function newCommerceTerm(anchor: Date, termDuration: TermDuration, n: number): { startsAt: Date; endsAt: Date } {
  const months = TERM_MONTHS[termDuration];
  return { startsAt: addMonths(anchor, (n - 1) * months), endsAt: addMonths(anchor, n * months) };
}

/** Calendar months from `from` to `to`, when `to` is `from` plus whole months (R13). */
function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
}

/** Whole days from `from` to `to` (a day not completed does not count). */
export function wholeDays(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/** `numerator / denominator` rounded half-up to the cent (both non-negative integers). */
export function halfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export interface BillingCycle {
  /** 1-based position in its term. */
  index: number;
  startsAt: Date;
  /** The next cycle's start, or the term's end for the last one (cut there by R30). */
  endsAt: Date;
  /** Whole days of this cycle as billed (a cut cycle: up to its cut). */
  days: number;
  /** Whole days of the cycle had it not been cut (R30's denominator); equal to `days` otherwise. */
  fullDays: number;
  /** R30: the term ends before this cycle's regular end. */
  cut: boolean;
}

/**
 * R26: the billing cycles of one term, anchored at the term start with R13's arithmetic
 * (cycle n starts n-1 cycle lengths after the term start, counted from the anchor and never
 * chained from the previous cycle, so a term from Jan 31 bills on Feb 28 then Mar 31).
 * `anchor` is the subscription's anchor when the term is a renewal (see `newCommerceTerm`):
 * a P1Y term anchored on 2028-02-29 that renews on 2029-02-28 still bills on the 29th from
 * March on, and a P1M term Feb 28 -> Mar 31 is one 31-day cycle. R30: when the term ends
 * early (a `customTermEndDate`), the cycle running at that instant is its last and is cut there.
 */
export function billingCycles(termStartsAt: Date, frequency: CycleFrequency, termEndsAt: Date, anchor: Date = termStartsAt): BillingCycle[] {
  const months = CYCLE_MONTHS[frequency];
  const offset = monthsBetween(anchor, termStartsAt);
  const cycleStart = (index: number) => (index === 1 ? termStartsAt : addMonths(anchor, offset + (index - 1) * months));
  const cycles: BillingCycle[] = [];
  for (let index = 1; ; index++) {
    const startsAt = cycleStart(index);
    if (startsAt.getTime() >= termEndsAt.getTime()) break;
    const regularEnd = cycleStart(index + 1);
    const cut = regularEnd.getTime() > termEndsAt.getTime();
    const endsAt = cut ? termEndsAt : regularEnd;
    cycles.push({ index, startsAt, endsAt, days: wholeDays(startsAt, endsAt), fullDays: wholeDays(startsAt, regularEnd), cut });
  }
  return cycles;
}

/** R26: the cycle running at `at` (start inclusive, end exclusive), or null outside the term. */
export function cycleAt(cycles: readonly BillingCycle[], at: Date): BillingCycle | null {
  return cycles.find((c) => c.startsAt.getTime() <= at.getTime() && at.getTime() < c.endsAt.getTime()) ?? null;
}

/**
 * R26: what a cycle start charges: unit price x quantity. R30: a cut last cycle charges
 * its whole days over a full cycle's days, half-up to the cent.
 */
export function cycleChargeCents(cycle: BillingCycle, unitPriceCents: number, quantity: number): number {
  const full = unitPriceCents * quantity;
  if (!cycle.cut) return full;
  if (cycle.fullDays <= 0) return 0;
  return halfUp(full * cycle.days, cycle.fullDays);
}

export interface CycleCharge {
  cycle: number;
  /** The business time of the charge (R19): the cycle's start, however late it is written. */
  effectiveAt: Date;
  servicePeriodEndsAt: Date;
  amountCents: number;
}

/** R26: every charge of one term at one quantity and its locked unit price, in order. */
export function termCharges(cycles: readonly BillingCycle[], unitPriceCents: number, quantity: number): CycleCharge[] {
  return cycles.map((cycle) => ({ cycle: cycle.index, effectiveAt: cycle.startsAt, servicePeriodEndsAt: cycle.endsAt, amountCents: cycleChargeCents(cycle, unitPriceCents, quantity) }));
}

/**
 * R19, R26: the cycle starts due at `now` that have not been charged yet (after cycle
 * `lastChargedIndex`), each once and dated at its own start: after an outage of three
 * months, three charges, not one. The first cycle is charged by the purchase or renewal.
 */
export function cyclesDue(cycles: readonly BillingCycle[], lastChargedIndex: number, now: Date): BillingCycle[] {
  return cycles.filter((c) => c.index > lastChargedIndex && c.startsAt.getTime() <= now.getTime());
}

/** R26: when the next cycle charge falls due (a timer of the due model), or null: the term end comes next. */
export function nextCycleStart(cycles: readonly BillingCycle[], lastChargedIndex: number): Date | null {
  return cycles.find((c) => c.index > lastChargedIndex)?.startsAt ?? null;
}

/**
 * R26 price lock: the unit price of a new term is the catalog's at that moment (purchase or
 * renewal, for the option the term runs on); inside the term the locked price is charged,
 * whatever the catalog says since. An option the catalog no longer lists cannot be renewed
 * into: the caller decides what happens then (the spec is silent; expiring is the safe reading).
 */
export type TermPrice = { kind: 'priced'; unitPriceCents: number } | { kind: 'option-withdrawn' };

export function priceForNewTerm(catalogOffer: Pick<Offer, 'program' | 'purchaseOptions'>, choice: TermChoice): TermPrice {
  const option = findPurchaseOption(catalogOffer, choice);
  return option ? { kind: 'priced', unitPriceCents: option.unitPriceCents } : { kind: 'option-withdrawn' };
}
