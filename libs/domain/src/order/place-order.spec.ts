import { spec } from '../testing/decider-specification';
import { customerCreated, offer, T0 } from '../testing/builders';
import { customerDecider, CustomerContext } from '../customer/customer.decide';
import { CustomerEvent } from '../customer/customer.events';
import { PlaceOrder } from './order.commands';
import { Offer } from '../catalog/offer';
import { HeldStatus } from '../catalog/eligibility';
import { evolveCustomer, initialCustomerState } from '../customer/customer.state';

const basic = offer({ id: 'basic', unitPriceCents: 720 });
const azure = offer({ id: 'azure', billingType: 'usage', minQuantity: null, maxQuantity: null, onePerCustomer: true, unitPriceCents: 0 });
const isv = offer({ id: 'isv', publisher: 'partner', publisherName: 'Contoso Software', trialDays: 30, provisioningUrl: 'https://isv.example/activate' });
const audio = offer({ id: 'audio', unitPriceCents: 480 });
const offers = new Map<string, Offer>([basic, azure, isv, audio].map((o) => [o.id, o]));
const context = (statuses: Array<[string, HeldStatus]> = []): CustomerContext => ({ now: T0, order: { offers, statuses: new Map(statuses) } });

const place = (lines: PlaceOrder['lines'], overrides: Partial<PlaceOrder> = {}): PlaceOrder => ({
  type: 'PlaceOrder',
  customerId: 'c-1',
  partnerId: 'p-1',
  orderId: 'o-1',
  idempotencyKey: 'key-1',
  requestHash: 'hash-1',
  lines,
  parent: null,
  ...overrides,
});
const line = (offerId: string, subscriptionId: string, quantity?: number) => ({ offerId, quantity, subscriptionId });
const placed = (...lines: PlaceOrder['lines']): CustomerEvent[] =>
  customerDecider.decide(place(lines), [customerCreated()].reduce(evolveCustomer, initialCustomerState), context());

describe('R7 orders: all lines or none', () => {
  it('R7: a valid order places one event with a line per subscription, priced', () =>
    spec(customerDecider)
      .given(customerCreated())
      .when(place([line('basic', 's-1', 3), line('azure', 's-2')]), context())
      .thenMatch({
        type: 'OrderPlaced',
        data: {
          orderId: 'o-1',
          lines: [
            { subscriptionId: 's-1', quantity: 3, totalCents: 2160, offer: { offerId: 'basic' } },
            { subscriptionId: 's-2', quantity: null, totalCents: 0, onePerCustomer: true },
          ],
        },
      }));

  it('R7: one invalid line refuses the whole order, with every line reviewed', () =>
    spec(customerDecider)
      .given(customerCreated())
      .when(place([line('basic', 's-1', 3), line('ghost', 's-2', 1)]), context())
      .thenFails('order-refused', { lines: [{ offerId: 'basic', valid: true }, { offerId: 'ghost', valid: false, reasons: [{ code: 'offer-not-found' }] }] }));

  it('R8b: ordering for a customer that does not exist (or is another partner\'s) is refused', () => {
    spec(customerDecider).given().when(place([line('basic', 's-1', 1)]), context()).thenFails('customer-not-found');
    spec(customerDecider).given(customerCreated()).when(place([line('basic', 's-1', 1)], { partnerId: 'p-2' }), context()).thenFails('customer-not-found');
  });
});

describe('R9 one-per-customer on the customer stream', () => {
  it('R9: after one OrderPlaced holds the offer, a second decision refuses with one-per-customer', () =>
    spec(customerDecider)
      .given(customerCreated(), ...placed(line('azure', 's-1')))
      .when(place([line('azure', 's-2')], { orderId: 'o-2', idempotencyKey: 'key-2' }), context())
      .thenFails('order-refused', { lines: [{ reasons: [{ code: 'one-per-customer', subscriptionId: 's-1' }] }] }));

  it('R9: the hold is released once that subscription is cancelled', () =>
    spec(customerDecider)
      .given(customerCreated(), ...placed(line('azure', 's-1')))
      .when(place([line('azure', 's-2')], { orderId: 'o-2', idempotencyKey: 'key-2' }), context([['s-1', 'cancelled']]))
      .thenMatch({ type: 'OrderPlaced' }));

  it('R8d: a suspended holder asks to reactivate it instead', () =>
    spec(customerDecider)
      .given(customerCreated(), ...placed(line('azure', 's-1')))
      .when(place([line('azure', 's-2')], { orderId: 'o-2', idempotencyKey: 'key-2' }), context([['s-1', 'suspended']]))
      .thenFails('order-refused', { lines: [{ reasons: [{ code: 'suspended-subscription-exists', subscriptionId: 's-1' }] }] }));
});

describe('R10 idempotency keys', () => {
  it('R10: the same key and body again buys nothing', () =>
    spec(customerDecider).given(customerCreated(), ...placed(line('basic', 's-1', 1))).when(place([line('basic', 's-9', 1)]), context()).then());

  it('R10: the same key with a different body is refused', () =>
    spec(customerDecider)
      .given(customerCreated(), ...placed(line('basic', 's-1', 1)))
      .when(place([line('basic', 's-9', 2)], { requestHash: 'hash-2' }), context())
      .thenFails('idempotency-key-reused'));
});

describe('R11 and add-ons on orders', () => {
  it('R11: an ISV SaaS line records the provisioning URL and no charge during its trial', () =>
    spec(customerDecider)
      .given(customerCreated())
      .when(place([line('isv', 's-1', 2)]), context())
      .thenMatch({ type: 'OrderPlaced', data: { lines: [{ offer: { provisioningUrl: 'https://isv.example/activate' }, totalCents: 0 }] } }));

  it('R15: an add-on order needs an active base whose offer lists it', () => {
    const parent = { subscriptionId: 's-base', offerId: 'basic', addOnOfferIds: ['audio'], status: 'active', billingFrequency: 'monthly' as const, termStartedAt: '2026-01-01T00:00:00.000Z', termEndsAt: '2026-02-01T00:00:00.000Z' };
    spec(customerDecider).given(customerCreated()).when(place([line('audio', 's-2', 1)], { parent }), context()).thenMatch({ type: 'OrderPlaced', data: { parentSubscriptionId: 's-base', baseTerm: { subscriptionId: 's-base', billingFrequency: 'monthly', termStartedAt: '2026-01-01T00:00:00.000Z', termEndsAt: '2026-02-01T00:00:00.000Z' } } });
    spec(customerDecider).given(customerCreated()).when(place([line('isv', 's-2', 1)], { parent }), context()).thenFails('add-on-not-allowed');
    spec(customerDecider).given(customerCreated()).when(place([line('audio', 's-2', 1)], { parent: { ...parent, status: 'suspended' } }), context()).thenFails('subscription-not-active');
  });
});
