import { purchased } from '@ledger/domain/testing/builders';
import { projection, recorded } from '../testing/projection-specification';
import { ledgerProjection } from './ledger.projection';

const [purchase, charge] = recorded('subscription-s-1', purchased({ quantity: 3, offer: { unitPriceCents: 1250 } }));

describe('ledger projection', () => {
  it('R20: a charge becomes one entry in integer cents on its invoice period, paged by (customer, time)', () => {
    projection(ledgerProjection)
      .given(purchase)
      .when(charge)
      .thenDocument(charge.id, { kind: 'charge', amountCents: 3750, subscriptionId: 's-1', customerId: 'c-1', invoicePeriod: expect.stringMatching(/^\d{4}-\d{2}$/) })
      .thenColumns(charge.id, { customerId: 'c-1', partnerId: 'p-1' });
  });

  it('leaves the entry unchanged when the charge is delivered twice', () => projection(ledgerProjection).given(purchase, charge).when(charge).thenUnchanged());
});
