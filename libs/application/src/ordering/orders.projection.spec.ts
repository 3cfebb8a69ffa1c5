import { customerDecider, CustomerEvent, evolveCustomer, initialCustomerState, Offer } from '@ledger/domain';
import { customerCreated, offer, T0 } from '@ledger/domain/testing/builders';
import { projection, recorded } from '../testing/projection-specification';
import { customerListProjection } from '../customers/customer-list.projection';
import { ordersProjection } from './orders.projection';

const basic = offer({ id: 'basic', unitPriceCents: 720 });
const azure = offer({ id: 'azure', billingType: 'usage', minQuantity: null, maxQuantity: null, onePerCustomer: true, unitPriceCents: 0 });
const created = customerCreated();
const placedEvents: CustomerEvent[] = customerDecider.decide(
  {
    type: 'PlaceOrder',
    customerId: 'c-1',
    partnerId: 'p-1',
    orderId: 'o-1',
    idempotencyKey: 'key-1',
    requestHash: 'hash-1',
    lines: [
      { offerId: 'basic', quantity: 3, subscriptionId: 's-1' },
      { offerId: 'azure', quantity: undefined, subscriptionId: 's-2' },
    ],
    parent: null,
  },
  [created].reduce(evolveCustomer, initialCustomerState),
  { now: T0, order: { offers: new Map<string, Offer>([basic, azure].map((o) => [o.id, o])), statuses: new Map() } },
);
const [customer, placed] = recorded('customer-c-1', [created, ...placedEvents]);

describe('orders projection', () => {
  it('R7: an order shows its lines and total', () => {
    projection(ordersProjection)
      .given(customer)
      .when(placed)
      .thenDocument('o-1', { customerId: 'c-1', partnerId: 'p-1', total: { amount: '21.60', currency: 'USD' }, lines: [expect.objectContaining({ subscriptionId: 's-1' }), expect.objectContaining({ subscriptionId: 's-2' })] });
  });

  it('leaves the order unchanged when OrderPlaced is delivered twice', () => projection(ordersProjection).given(customer, placed).when(placed).thenUnchanged());
});

describe('customers projection and orders', () => {
  it('R8c: records the one-per-customer offers the customer holds, once however often the order is delivered', () => {
    projection(customerListProjection)
      .given(customer, placed)
      .when(placed)
      .thenDocument('c-1', { heldOnePerCustomer: { azure: ['s-2'] }, revision: 1 });
  });
});
