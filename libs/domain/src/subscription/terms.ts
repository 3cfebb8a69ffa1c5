import { BillingFrequency } from '../catalog/offer';

/** Pure calendar and window arithmetic (R13, R15, R16, R17, R20). All instants UTC. */

export const DAY_MS = 24 * 60 * 60 * 1000;

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * R13: `months` calendar months after `anchor`, clamped to the month's end but always
 * computed from the anchor (Jan 31 -> Feb 28/29 -> Mar 31, never Mar 28).
 */
export function addMonths(anchor: Date, months: number): Date {
  const total = anchor.getUTCMonth() + months;
  const year = anchor.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, month));
  return new Date(Date.UTC(year, month, day, anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()));
}

export function monthsPerTerm(frequency: BillingFrequency): number {
  return frequency === 'monthly' ? 1 : 12;
}

/** Start and end of the n-th paid term (1-based) of a subscription anchored at `anchor`. */
export function term(anchor: Date, frequency: BillingFrequency, n: number): { startsAt: Date; endsAt: Date } {
  const months = monthsPerTerm(frequency);
  return { startsAt: addMonths(anchor, (n - 1) * months), endsAt: addMonths(anchor, n * months) };
}

/** R17: 24 hours after a monthly order, 14 days after an annual one. */
export function cancellationWindowEnd(orderAt: Date, frequency: BillingFrequency): Date {
  return new Date(orderAt.getTime() + (frequency === 'monthly' ? DAY_MS : 14 * DAY_MS));
}

/** R17: the window's end is inside it (exactly 24 h: inside; 24 h + 1 ms: outside). */
export function insideCancellationWindow(now: Date, orderAt: Date, frequency: BillingFrequency): boolean {
  return now.getTime() <= cancellationWindowEnd(orderAt, frequency).getTime();
}

/**
 * R16: suspendedAt + 90 days + the whole days between creation and first billing,
 * never more than 120 days after suspendedAt.
 */
export function dataDeletionAt(suspendedAt: Date, createdAt: Date, firstBillingAt: Date): Date {
  const extraDays = Math.max(0, Math.floor((firstBillingAt.getTime() - createdAt.getTime()) / DAY_MS));
  return new Date(suspendedAt.getTime() + Math.min(90 + extraDays, 120) * DAY_MS);
}

/**
 * R15: price of `seats` added now for the rest of the term: whole days remaining (days
 * not yet begun are not counted: floor) over the term's days, rounded half-up to the cent.
 */
export function proRataCents(seats: number, unitPriceCents: number, termStart: Date, termEnd: Date, now: Date): number {
  const termDays = Math.round((termEnd.getTime() - termStart.getTime()) / DAY_MS);
  const remainingDays = Math.max(0, Math.floor((termEnd.getTime() - now.getTime()) / DAY_MS));
  if (termDays <= 0) return 0;
  const numerator = seats * unitPriceCents * remainingDays;
  return Math.floor((2 * numerator + termDays) / (2 * termDays));
}

/** R20: charges and credits land on the next monthly invoice: the month after `at`. */
export function invoicePeriod(at: Date): string {
  const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/**
 * R15: what a co-termed add-on costs for one of its base's terms: its own term price
 * scaled to the base's term (a monthly add-on on an annual base: twelve months), an
 * annual add-on on a monthly base one twelfth, half-up to the cent.
 */
export function coTermPriceCents(termPriceCents: number, addOnFrequency: BillingFrequency, baseFrequency: BillingFrequency): number {
  const months = monthsPerTerm(baseFrequency);
  const per = monthsPerTerm(addOnFrequency);
  return Math.floor((2 * termPriceCents * months + per) / (2 * per));
}
