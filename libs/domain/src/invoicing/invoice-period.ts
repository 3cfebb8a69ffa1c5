/**
 * R32, R33: invoice periods are calendar months "YYYY-MM" (UTC); an invoice's billing
 * date is the first instant of its period, when it closes.
 */
export const PERIOD_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

export function billingDate(period: string): string {
  return `${period}-01T00:00:00.000Z`;
}

export function periodAfter(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** The month an instant falls in. */
export function periodOf(at: string): string {
  return at.slice(0, 7);
}

/**
 * R33: the invoice an entry lands on. Its own invoice period (R20) while that invoice is
 * open, i.e. when the entry was written before the billing date; an entry written later
 * (a late timer firing, R19) lands on the first invoice still open at the time it was
 * written: the one billed at the start of the next month. Decided from the entry's own
 * facts (its invoice period and when it was written), so a replay lands it the same way
 * whatever order the log's processors or timers ran in.
 */
export function landingPeriod(invoicePeriod: string, writtenAt: string): string {
  const open = periodAfter(periodOf(writtenAt));
  return open > invoicePeriod ? open : invoicePeriod;
}

/** R33: gapless, in closing order: INV-000001, INV-000002, ... */
export function invoiceNumber(sequence: number): string {
  return `INV-${String(sequence).padStart(6, '0')}`;
}
