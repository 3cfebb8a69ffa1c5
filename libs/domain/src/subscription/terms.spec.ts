import { addMonths, cancellationWindowEnd, dataDeletionAt, insideCancellationWindow, invoicePeriod, proRataCents, term } from './terms';

const d = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('R13 terms: calendar arithmetic from the anchor', () => {
  it('R13: a monthly term from Jan 31 ends Feb 28 in a common year, then Mar 31 (anchor kept)', () => {
    const anchor = d('2027-01-31T09:00:00.000Z');
    expect(iso(term(anchor, 'monthly', 1).endsAt)).toBe('2027-02-28T09:00:00.000Z');
    expect(iso(term(anchor, 'monthly', 2).endsAt)).toBe('2027-03-31T09:00:00.000Z');
    expect(iso(term(anchor, 'monthly', 2).startsAt)).toBe('2027-02-28T09:00:00.000Z');
  });

  it('R13: in a leap year Jan 31 + 1 month is Feb 29', () => {
    expect(iso(addMonths(d('2028-01-31T00:00:00.000Z'), 1))).toBe('2028-02-29T00:00:00.000Z');
  });

  it('R13: an annual term from Feb 29 ends Feb 28 and the next Feb 29 of a leap year comes back', () => {
    const anchor = d('2028-02-29T12:00:00.000Z');
    expect(iso(term(anchor, 'annual', 1).endsAt)).toBe('2029-02-28T12:00:00.000Z');
    expect(iso(term(anchor, 'annual', 4).endsAt)).toBe('2032-02-29T12:00:00.000Z');
  });

  it('R13: terms cross year ends and month ends at UTC midnight exactly (no DST in UTC)', () => {
    expect(iso(addMonths(d('2026-12-31T00:00:00.000Z'), 1))).toBe('2027-01-31T00:00:00.000Z');
    expect(iso(addMonths(d('2026-03-29T00:00:00.000Z'), 1))).toBe('2026-04-29T00:00:00.000Z');
    expect(iso(addMonths(d('2026-10-31T23:59:59.999Z'), 1))).toBe('2026-11-30T23:59:59.999Z');
    expect(iso(addMonths(d('2026-05-31T00:00:00.000Z'), 13))).toBe('2027-06-30T00:00:00.000Z');
  });
});

describe('R17 cancellation window edges', () => {
  const order = d('2026-03-10T10:00:00.000Z');
  it('R17: monthly: exactly 24 h after the order is inside, 24 h + 1 ms is outside', () => {
    expect(insideCancellationWindow(d('2026-03-11T10:00:00.000Z'), order, 'monthly')).toBe(true);
    expect(insideCancellationWindow(d('2026-03-11T10:00:00.001Z'), order, 'monthly')).toBe(false);
  });
  it('R17: annual: the window is 14 days', () => {
    expect(iso(cancellationWindowEnd(order, 'annual'))).toBe('2026-03-24T10:00:00.000Z');
    expect(insideCancellationWindow(d('2026-03-24T10:00:00.000Z'), order, 'annual')).toBe(true);
    expect(insideCancellationWindow(d('2026-03-24T10:00:00.001Z'), order, 'annual')).toBe(false);
  });
});

describe('R16 data deletion date', () => {
  const suspended = d('2026-05-01T00:00:00.000Z');
  it('R16: 90 days after suspension when billing started at creation', () => {
    expect(iso(dataDeletionAt(suspended, d('2026-01-01T00:00:00.000Z'), d('2026-01-01T00:00:00.000Z')))).toBe('2026-07-30T00:00:00.000Z');
  });
  it('R16: plus the days between creation and first billing (a 20-day gap)', () => {
    expect(iso(dataDeletionAt(suspended, d('2026-01-01T00:00:00.000Z'), d('2026-01-21T00:00:00.000Z')))).toBe('2026-08-19T00:00:00.000Z');
  });
  it('R16: never more than 120 days after suspension', () => {
    expect(iso(dataDeletionAt(suspended, d('2026-01-01T00:00:00.000Z'), d('2026-03-01T00:00:00.000Z')))).toBe('2026-08-29T00:00:00.000Z');
  });
});

describe('R15 pro rata and R20 invoice periods', () => {
  it('R15: added seats are charged by whole days remaining over days in the term', () => {
    // 30-day term, 15 whole days left: 2 seats x 10.00 x 15/30 = 10.00
    expect(proRataCents(2, 1000, d('2026-04-01T00:00:00Z'), d('2026-05-01T00:00:00Z'), d('2026-04-16T00:00:00Z'))).toBe(1000);
  });
  it('R15: a partial day does not count, and half a cent rounds up', () => {
    // 31-day term, 10 days and some hours left -> 10 days; 1 seat x 0.31 x 10/31 = 0.10
    expect(proRataCents(1, 31, d('2026-03-01T00:00:00Z'), d('2026-04-01T00:00:00Z'), d('2026-03-21T06:00:00Z'))).toBe(10);
    // 1 seat x 0.01 x 15/30 = 0.005 -> 0.01 (half-up)
    expect(proRataCents(1, 1, d('2026-04-01T00:00:00Z'), d('2026-05-01T00:00:00Z'), d('2026-04-16T00:00:00Z'))).toBe(1);
    // 1 seat x 0.01 x 14/30 = 0.0047 -> 0.00
    expect(proRataCents(1, 1, d('2026-04-01T00:00:00Z'), d('2026-05-01T00:00:00Z'), d('2026-04-17T00:00:00Z'))).toBe(0);
  });
  it('R20: entries land on the next monthly invoice', () => {
    expect(invoicePeriod(d('2026-01-31T23:59:59.999Z'))).toBe('2026-02');
    expect(invoicePeriod(d('2026-12-01T00:00:00.000Z'))).toBe('2027-01');
  });
});
