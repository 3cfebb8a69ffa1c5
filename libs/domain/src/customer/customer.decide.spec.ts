import { spec } from '../testing/decider-specification';
import { customerDecider } from './customer.decide';
import { CreateCustomer } from './customer.commands';

const now = new Date('2026-01-15T10:00:00.000Z');
const create = (overrides: Partial<CreateCustomer> = {}): CreateCustomer => ({
  type: 'CreateCustomer',
  customerId: 'c-1',
  partnerId: 'p-1',
  name: 'Contoso',
  billingCountry: 'TW',
  segment: 'commercial',
  ...overrides,
});

describe('R4 customers', () => {
  it('R4: a customer is created with name, billing country and segment', () =>
    spec(customerDecider)
      .given()
      .when(create(), { now })
      .then({
        type: 'CustomerCreated',
        data: {
          customerId: 'c-1',
          partnerId: 'p-1',
          name: 'Contoso',
          billingCountry: 'TW',
          segment: 'commercial',
          createdAt: now.toISOString(),
        },
      }));

  it('R4: the billing country must be ISO 3166-1 alpha-2', () =>
    spec(customerDecider).given().when(create({ billingCountry: 'TWN' }), { now }).thenFails('invalid-country'));

  it('R4: the segment must be one of the four', () =>
    spec(customerDecider)
      .given()
      .when(create({ segment: 'retail' as never }), { now })
      .thenFails('invalid-segment'));

  it('R4: a customer id is created once', () =>
    spec(customerDecider)
      .given({
        type: 'CustomerCreated',
        data: { customerId: 'c-1', partnerId: 'p-1', name: 'X', billingCountry: 'TW', segment: 'commercial', createdAt: now.toISOString() },
      })
      .when(create(), { now })
      .thenFails('customer-exists'));
});
