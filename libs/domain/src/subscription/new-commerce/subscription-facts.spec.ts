import { offer, plus } from '../../testing/builders';
import { PurchaseOption, snapshotOf } from '../../catalog/offer';
import { decideNewCommerce } from './new-commerce.decide';
import { NewCommerceCommand } from './new-commerce.commands';
import { evolveNewCommerce, initialNewCommerceState, NewCommerceState } from './new-commerce.state';
import { newCommerceFacts, newCommerceMonthlyEquivalentCents } from './subscription-facts';

const d = (iso: string) => new Date(iso);
const BOUGHT = d('2026-03-01T10:00:00.000Z');
const e3 = offer({ id: 'e3-nce', program: 'new-commerce', unitPriceCents: 0, minQuantity: 1, maxQuantity: 50 });
const bought = (option: PurchaseOption, quantity: number): NewCommerceState => {
  const command: NewCommerceCommand = { type: 'PurchaseNewCommerce', subscriptionId: 's-1', customerId: 'c-1', partnerId: 'p-1', orderId: 'o-1', offer: snapshotOf(e3), option, quantity, coTerm: null };
  return decideNewCommerce(command, initialNewCommerceState, { now: BOUGHT }).reduce(evolveNewCommerce, initialNewCommerceState);
};
const after = (state: NewCommerceState, command: NewCommerceCommand, now: Date) => decideNewCommerce(command, state, { now }).reduce(evolveNewCommerce, state);

describe('R26-R28 what the subscription shows', () => {
  const state = bought({ termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 }, 3);
  it('R26, R27, R28: inside the first 168 hours: the locked price, the current cycle, the window end, the purchase\'s seats', () =>
    expect(newCommerceFacts(state, plus(BOUGHT, { days: 2 }))).toEqual({
      program: 'new-commerce', termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600,
      billingCycleStartedAt: '2026-03-01T10:00:00.000Z', billingCycleEndsAt: '2026-04-01T10:00:00.000Z',
      cancellationAllowedUntil: '2026-03-08T10:00:00.000Z', refundableQuantity: [{ quantity: 3, until: '2026-03-08T10:00:00.000Z' }],
      scheduledChanges: null, dataDeletionAt: null, serviceAccess: true,
    }));
  it('R27, R28: later, no window and nothing refundable; the cycle moves on', () =>
    expect(newCommerceFacts(state, d('2026-04-15T00:00:00.000Z'))).toMatchObject({ billingCycleStartedAt: '2026-04-01T10:00:00.000Z', billingCycleEndsAt: '2026-05-01T10:00:00.000Z', cancellationAllowedUntil: null, refundableQuantity: [] }));
  it('R28: an addition shows its own window', () =>
    expect(newCommerceFacts(after(state, { type: 'ChangeSeats', quantity: 5 }, d('2026-04-15T00:00:00.000Z')), d('2026-04-16T00:00:00.000Z'))?.refundableQuantity).toEqual([{ quantity: 2, until: '2026-04-22T00:00:00.000Z' }]));
  it('R31: suspended: no service, no seat removal, still no deletion date', () =>
    expect(newCommerceFacts(after(state, { type: 'SuspendNewCommerce', reason: 'fraud' }, plus(BOUGHT, { days: 1 })), plus(BOUGHT, { days: 2 }))).toMatchObject({ serviceAccess: false, refundableQuantity: [], dataDeletionAt: null }));
});

describe('R24 monthly equivalent of a new-commerce subscription', () => {
  it('R24: monthly billing counts its cycle charge: 3 x 36.00 = 108.00', () =>
    expect(newCommerceMonthlyEquivalentCents(bought({ termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 }, 3))).toBe(10800));
  it('R24: annual billing counts a twelfth: 3 x 430.00 / 12 = 107.50', () =>
    expect(newCommerceMonthlyEquivalentCents(bought({ termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 43000 }, 3))).toBe(10750));
  it('R24: triennial billing counts a thirty-sixth, half-up: 1 x 1000.00 / 36 = 27.777 -> 27.78', () =>
    expect(newCommerceMonthlyEquivalentCents(bought({ termDuration: 'P3Y', billingFrequency: 'triennial', unitPriceCents: 100000 }, 1))).toBe(2778));
  it('R24: a suspended subscription counts zero', () =>
    expect(newCommerceMonthlyEquivalentCents(after(bought({ termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 }, 3), { type: 'SuspendNewCommerce', reason: 'other' }, plus(BOUGHT, { days: 1 })))).toBe(0));
});
