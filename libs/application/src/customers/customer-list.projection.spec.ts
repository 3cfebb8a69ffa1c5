import { customerCreated } from '@ledger/domain/testing/builders';
import { projection, recorded } from '../testing/projection-specification';
import { customerListProjection } from './customer-list.projection';

const [created] = recorded('customer-c-1', [customerCreated({ name: 'Contoso' })]);

describe('customers projection', () => {
  it('R4: a created customer is listed for its partner, newest first by createdAt', () => {
    projection(customerListProjection)
      .given()
      .when(created)
      .thenDocument('c-1', { name: 'Contoso', partnerId: 'p-1', revision: 0 })
      .thenColumns('c-1', { partnerId: 'p-1', createdAt: '2026-01-31T09:00:00.000Z' });
  });

  it('leaves the document unchanged when CustomerCreated is delivered twice', () => projection(customerListProjection).given(created).when(created).thenUnchanged());
});
