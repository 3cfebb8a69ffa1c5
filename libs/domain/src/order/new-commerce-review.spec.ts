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
