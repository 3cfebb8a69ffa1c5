import { spec } from '../testing/decider-specification';
import { InvoiceClosed } from './invoice.events';
import { invoiceBookDecider } from './invoice.decide';
import { billingDate, invoiceNumber, landingPeriod, periodAfter } from './invoice-period';
import { BilledSubscription, evolveBilledSubscription, lineDetail } from './invoice-line';

const closed = (period: string, sequence: number, closedAt: string): InvoiceClosed => ({
  type: 'InvoiceClosed',
  data: { partnerId: 'p-1', period, sequence, number: invoiceNumber(sequence), billingDate: billingDate(period), closedAt },
});
const close = (period: string) => ({ type: 'CloseInvoice' as const, partnerId: 'p-1', period });

describe('R33 closing an invoice', () => {
  it('R33: closes at its billing date with the partner\'s first number', () =>
    spec(invoiceBookDecider).given().when(close('2026-06'), { now: new Date('2026-06-01T00:00:00.000Z') }).then(closed('2026-06', 1, '2026-06-01T00:00:00.000Z')));

  it('R33: numbers are gapless in closing order', () =>
    spec(invoiceBookDecider)
      .given(closed('2026-05', 1, '2026-05-01T00:00:00.000Z'), closed('2026-06', 2, '2026-06-01T00:00:00.000Z'))
      .when(close('2026-07'), { now: new Date('2026-07-03T10:00:00.000Z') })
      .then(closed('2026-07', 3, '2026-07-03T10:00:00.000Z')));

  it('R33/R19: closing late (service down) still closes it once, dated when written', () =>
    spec(invoiceBookDecider).given().when(close('2026-06'), { now: new Date('2026-06-09T12:00:00.000Z') }).then(closed('2026-06', 1, '2026-06-09T12:00:00.000Z')));

  it('R33/R19: a repeated firing of a closed invoice writes nothing', () =>
    spec(invoiceBookDecider).given(closed('2026-06', 1, '2026-06-01T00:00:00.000Z')).when(close('2026-06'), { now: new Date('2026-06-02T00:00:00.000Z') }).then());

  it('R33: an invoice stays open before its billing date', () =>
    spec(invoiceBookDecider).given().when(close('2026-06'), { now: new Date('2026-05-31T23:59:59.999Z') }).thenFails('invoice-not-due'));
});

describe('R33 which invoice an entry lands on', () => {
  it('R33: an entry written before the billing date lands on its own invoice period', () =>
    expect(landingPeriod('2026-06', '2026-05-31T23:59:59.999Z')).toBe('2026-06'));

  it('R33: an entry written after its invoice closed (a late firing) lands on the next open one', () => {
    expect(landingPeriod('2026-06', '2026-06-01T00:00:00.000Z')).toBe('2026-07');
    expect(landingPeriod('2026-06', '2026-08-15T00:00:00.000Z')).toBe('2026-09');
  });

  it('R32: periods roll over the year', () => {
    expect(periodAfter('2026-12')).toBe('2027-01');
    expect(landingPeriod('2026-12', '2026-12-31T10:00:00.000Z')).toBe('2027-01');
  });
});

describe('R32 line details', () => {
  const purchased = evolveBilledSubscription(null, {
    type: 'SubscriptionPurchased',
    data: {
      subscriptionId: 's-1', customerId: 'c-1', partnerId: 'p-1', orderId: 'o-1', quantity: 5, purchasedAt: '2026-01-01T00:00:00.000Z', trialEndsAt: null,
      termStartedAt: '2026-01-01T00:00:00.000Z', termEndsAt: '2026-02-01T00:00:00.000Z', parentSubscriptionId: null, coTerm: null,
      offer: { offerId: 'o', name: 'Offer', publisher: 'microsoft', publisherName: 'Microsoft', billingType: 'license', category: 'enterprise', billingFrequency: 'monthly', unitPriceCents: 1200, trialDays: null, provisioningUrl: null, addOnOfferIds: [], minQuantity: 1, maxQuantity: 100 },
    },
  }) as BilledSubscription;
  const charge = (kind: string, at: string) => ({ type: 'SubscriptionCharged' as const, data: { subscriptionId: 's-1', customerId: 'c-1', partnerId: 'p-1', orderId: 'o-1', kind: kind as 'purchase', amountCents: 1, invoicePeriod: '2026-02', chargedAt: at } });

  it('R32: a purchase covers its term at the offer price for its seats', () =>
    expect(lineDetail(purchased, charge('purchase', '2026-01-01T00:00:00.000Z'))).toEqual({ chargeType: 'purchase', quantity: 5, unitPriceCents: 1200, servicePeriodStart: '2026-01-01T00:00:00.000Z', servicePeriodEnd: '2026-02-01T00:00:00.000Z' }));

  it('R32: a quantity increase bills the added seats from the change to the term end', () => {
    const increased = evolveBilledSubscription(purchased, { type: 'QuantityChanged', data: { subscriptionId: 's-1', from: 5, to: 8, changedAt: '2026-01-11T00:00:00.000Z' } });
    expect(lineDetail(increased, charge('quantity-increase', '2026-01-11T00:00:00.000Z'))).toEqual({ chargeType: 'quantity-increase', quantity: 3, unitPriceCents: 1200, servicePeriodStart: '2026-01-11T00:00:00.000Z', servicePeriodEnd: '2026-02-01T00:00:00.000Z' });
  });

  it('R32: a charge kind added later (reactivation, R16a) passes through as its charge type', () =>
    expect(lineDetail(purchased, charge('reactivation', '2026-01-20T00:00:00.000Z')).chargeType).toBe('reactivation'));

  it('R32: an add-on\'s purchase is billed as add-on', () => {
    const addOn = { ...purchased, addOn: true };
    expect(lineDetail(addOn, charge('purchase', '2026-01-10T00:00:00.000Z'))).toMatchObject({ chargeType: 'add-on', servicePeriodStart: '2026-01-10T00:00:00.000Z' });
  });

  it('R32: a new-commerce entry carries its own quantity, unit price and service period', () =>
    expect(lineDetail(purchased, {
      type: 'NewCommerceCharged',
      data: { subscriptionId: 's-1', customerId: 'c-1', partnerId: 'p-1', orderId: 'o-1', kind: 'cycle', termNumber: 1, cycle: 2, quantity: 4, unitPriceCents: 900, amountCents: 3600, servicePeriodStart: '2026-02-01T00:00:00.000Z', servicePeriodEnd: '2026-03-01T00:00:00.000Z', invoicePeriod: '2026-03', chargedAt: '2026-02-01T00:00:00.000Z' },
    })).toEqual({ chargeType: 'cycle', quantity: 4, unitPriceCents: 900, servicePeriodStart: '2026-02-01T00:00:00.000Z', servicePeriodEnd: '2026-03-01T00:00:00.000Z' }));
});
