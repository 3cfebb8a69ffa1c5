import { DomainError } from '../../shared/domain-error';
import { TermDuration } from '../../catalog/offer';
import { newCommerceTermEnd } from './billing-cycles';
import { NEW_COMMERCE_REFUSALS } from './reason-codes';

/**
 * R30 (new commerce): a first term may end early, on a date the customer already lives
 * by: another subscription's term end or a calendar month's end. The cycles of that term
 * (and its cut last cycle) come from `billingCycles(purchaseAt, frequency, customEnd)`;
 * later terms are full length from the custom end (`newCommerceTerm(customEnd, ...)`).
 */

/** What R30 needs to know of the customer's other subscriptions. */
export interface CoTermCandidate {
  subscriptionId: string;
  status: string;
  program: 'legacy' | 'new-commerce';
  termDuration: TermDuration | null;
  termEndsAt: Date;
}

export interface TermEndDate {
  date: Date;
  kind: 'subscription-aligned' | 'calendar-month';
  subscriptionId?: string;
}

/** R30: the first instants (UTC) of every month strictly after `after` and no later than `notAfter`. */
export function calendarMonthEnds(after: Date, notAfter: Date): Date[] {
  const dates: Date[] = [];
  for (let month = after.getUTCMonth() + 1, year = after.getUTCFullYear(); ; month++) {
    const date = new Date(Date.UTC(year, month, 1));
    if (date.getTime() > notAfter.getTime()) return dates;
    dates.push(date);
  }
}

/**
 * R30: the `customTermEndDate`s a line for `termDuration` bought at `purchaseAt` may give,
 * earliest first (at the same instant an aligned date comes before the calendar one): the
 * current term end of every other active new-commerce subscription of the customer with the
 * same term duration, and every calendar month end, each after the purchase and no later
 * than the regular end of the first term.
 */
export function allowedTermEndDates(purchaseAt: Date, termDuration: TermDuration, others: readonly CoTermCandidate[]): TermEndDate[] {
  const regularEnd = newCommerceTermEnd(purchaseAt, termDuration);
  const inRange = (date: Date) => date.getTime() > purchaseAt.getTime() && date.getTime() <= regularEnd.getTime();
  const aligned: TermEndDate[] = others
    .filter((o) => o.status === 'active' && o.program === 'new-commerce' && o.termDuration === termDuration && inRange(o.termEndsAt))
    .map((o) => ({ date: o.termEndsAt, kind: 'subscription-aligned' as const, subscriptionId: o.subscriptionId }));
  const calendar: TermEndDate[] = calendarMonthEnds(purchaseAt, regularEnd).map((date) => ({ date, kind: 'calendar-month' as const }));
  const rank = (t: TermEndDate) => (t.kind === 'subscription-aligned' ? 0 : 1);
  return [...aligned, ...calendar].sort((a, b) => a.date.getTime() - b.date.getTime() || rank(a) - rank(b) || (a.subscriptionId ?? '').localeCompare(b.subscriptionId ?? ''));
}

/**
 * R30: the end of the first term of a line: its regular end, or the `customTermEndDate` it
 * gives if that is one of the allowed dates, else `invalid-term-end-date`.
 */
export function firstTermEnd(purchaseAt: Date, termDuration: TermDuration, customTermEndDate: Date | null, others: readonly CoTermCandidate[]): { endsAt: Date; coTerm: TermEndDate | null } {
  if (customTermEndDate === null) return { endsAt: newCommerceTermEnd(purchaseAt, termDuration), coTerm: null };
  const allowed = allowedTermEndDates(purchaseAt, termDuration, others).find((t) => t.date.getTime() === customTermEndDate.getTime());
  if (!allowed) {
    const regularEnd = newCommerceTermEnd(purchaseAt, termDuration);
    const why =
      customTermEndDate.getTime() <= purchaseAt.getTime()
        ? 'it must fall after the purchase'
        : customTermEndDate.getTime() > regularEnd.getTime()
          ? `it must be no later than the regular end of the first term, ${regularEnd.toISOString()}`
          : `it is neither the first instant of a month (UTC) nor the term end of another active new-commerce ${termDuration} subscription of the customer`;
    throw new DomainError(NEW_COMMERCE_REFUSALS.invalidTermEndDate, `customTermEndDate ${customTermEndDate.toISOString()} cannot be used: ${why} (see GET /v1/customers/:customerId/term-end-dates)`);
  }
  return { endsAt: allowed.date, coTerm: allowed };
}
