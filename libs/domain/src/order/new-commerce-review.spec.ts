import { customerCreated, offer } from '../testing/builders';
import { evolveCustomer, initialCustomerState } from '../customer/customer.state';
import { Offer } from '../catalog/offer';
import { reviewOrder } from './review-order';

const nce: Offer = offer({
  id: 'e3-nce',
  name: 'E3 (NCE)',
  program: 'new-commerce',
  unitPriceCents: 0,
  purchaseOptions: [
    { termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 },
    { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 43200 },
  ],
});

describe('R25, R26 review shows a new-commerce line at its option price (its first cycle)', () => {
  const customer = [customerCreated()].reduce(evolveCustomer, initialCustomerState);
  const context = { offers: new Map([[nce.id, nce], ['m365-bp', offer()]]), statuses: new Map() };
  it('R25: P1Y billed annual x 2 seats: 432.00 each, 864.00 first charge; the legacy line beside it unchanged', () => {
    const review = reviewOrder([{ offerId: nce.id, quantity: 2, termDuration: 'P1Y', billingFrequency: 'annual' }, { offerId: 'm365-bp', quantity: 3 }], customer, 'p-1', context);
    expect(review).toMatchObject({ valid: true, totalCents: 86400 + 3000, lines: [{ unitPriceCents: 43200, totalCents: 86400 }, { unitPriceCents: 1000, totalCents: 3000 }] });
  });
  it('R8j: review refuses a new-commerce line without an option, with no price', () => {
    const review = reviewOrder([{ offerId: nce.id, quantity: 2 }], customer, 'p-1', context);
    expect(review).toMatchObject({ valid: false, totalCents: 0, lines: [{ valid: false, unitPriceCents: null, reasons: [{ code: 'invalid-term' }] }] });
  });
});

describe('R30 review of a co-termed new-commerce line', () => {
  const customer = [customerCreated()].reduce(evolveCustomer, initialCustomerState);
  const now = new Date('2026-01-15T10:00:00.000Z');
  const other = { subscriptionId: 's-9', status: 'active', program: 'new-commerce' as const, termDuration: 'P1Y' as const, termEndsAt: new Date('2026-06-20T08:00:00.000Z') };
  const context = { offers: new Map([[nce.id, nce], ['m365-bp', offer()]]), statuses: new Map(), now, coTermCandidates: [other] };
  const line = (customTermEndDate: string) => ({ offerId: nce.id, quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly', customTermEndDate });

  it('R30: aligned to another P1Y subscription: first cycle (Jan 15 -> Feb 15) charged in full, 72.00; its plan records the alignment', () => {
    const review = reviewOrder([line('2026-06-20T08:00:00.000Z')], customer, 'p-1', context);
    expect(review.lines[0]).toMatchObject({ valid: true, totalCents: 7200, newCommerce: { coTerm: { kind: 'subscription-aligned', subscriptionId: 's-9' } } });
  });

  it('R30: a month end inside the first cycle cuts it: 16 whole days of 31: 72.00 x 16 / 31 = 37.16', () => {
    const review = reviewOrder([line('2026-02-01T00:00:00.000Z')], customer, 'p-1', context);
    expect(review.lines[0]).toMatchObject({ valid: true, totalCents: 3716, newCommerce: { coTerm: { kind: 'calendar-month' } } });
  });

  it('R30: a date that is neither refuses the line invalid-term-end-date, as does one on a legacy line', () => {
    const review = reviewOrder([line('2026-03-15T00:00:00.000Z'), { offerId: 'm365-bp', quantity: 1, customTermEndDate: '2026-02-01T00:00:00.000Z' }], customer, 'p-1', context);
    expect(review.lines.map((l) => [l.valid, l.reasons.map((r) => r.code), l.totalCents])).toEqual([
      [false, ['invalid-term-end-date'], 0],
      [false, ['invalid-term-end-date'], 0],
    ]);
  });
});
