import { DomainError } from '../shared/domain-error';
import { customerCreated, offer, plus, purchased, T0 } from '../testing/builders';
import { CustomerContext } from '../customer/customer.decide';
import { CustomerEvent } from '../customer/customer.events';
import { evolveCustomer, initialCustomerState } from '../customer/customer.state';
import { Offer } from '../catalog/offer';
import { SubscriptionEvent } from '../subscription/subscription.events';
import { evolveSubscription, initialSubscriptionState } from '../subscription/subscription.state';
import { decideOrder, OrderDecision, OrderRequestCommand } from './add-on-order';

/**
 * An add-on order is one decision over two streams: the customer's (OrderPlaced) and its
 * base's (AddOnAttached, appended in the same atomic append at the revision read).
 */
const e3 = offer({ id: 'e3', unitPriceCents: 3200, addOnOfferIds: ['audio', 'storage'] });
const audio = offer({ id: 'audio', unitPriceCents: 400 });
const storage = offer({ id: 'storage', unitPriceCents: 200 });
const offers = new Map<string, Offer>([e3, audio, storage].map((o) => [o.id, o]));
const context = (now = plus(T0, { hours: 2 })): CustomerContext => ({ now, order: { offers, statuses: new Map() } });

const base = (...later: SubscriptionEvent[]) => [...purchased({ id: 'base', offer: e3, quantity: 5 }), ...later];
const order = (lines: Array<[offerId: string, subscriptionId: string]>, overrides: Partial<OrderRequestCommand> = {}): OrderRequestCommand => ({
  type: 'PlaceOrder',
  customerId: 'c-1',
  partnerId: 'p-1',
  orderId: 'o-2',
  idempotencyKey: 'key-2',
  requestHash: 'hash-2',
  lines: lines.map(([offerId, subscriptionId]) => ({ offerId, quantity: 1, subscriptionId })),
  ...overrides,
});
const suspended = (at = plus(T0, { hours: 1 })): SubscriptionEvent => ({
  type: 'SubscriptionSuspended',
  data: { subscriptionId: 'base', reason: 'non-payment', suspendedAt: at.toISOString(), dataDeletionAt: plus(at, { days: 90 }).toISOString() },
});
const ended = (type: 'SubscriptionCancelled' | 'SubscriptionExpired' | 'SubscriptionDataDeleted'): SubscriptionEvent => {
  const at = plus(T0, { hours: 1 }).toISOString();
  if (type === 'SubscriptionCancelled') return { type, data: { subscriptionId: 'base', cancelledAt: at, mode: 'in-window' } };
  if (type === 'SubscriptionExpired') return { type, data: { subscriptionId: 'base', expiredAt: at } };
  return { type, data: { subscriptionId: 'base', deletedAt: at } };
};
const attached = (addOnId: string, offerId: string, at = plus(T0, { hours: 2 })): SubscriptionEvent => ({
  type: 'AddOnAttached',
  data: { subscriptionId: 'base', addOnSubscriptionId: addOnId, offerId, attachedAt: at.toISOString() },
});

/** given the customer's and the base's histories, when an order, then both streams' new events (or a refusal). */
function given(customerHistory: CustomerEvent[], baseHistory: SubscriptionEvent[] | null) {
  const customer = customerHistory.reduce(evolveCustomer, initialCustomerState);
  const baseState = baseHistory ? baseHistory.reduce(evolveSubscription, initialSubscriptionState) : null;
  return {
    when(command: OrderRequestCommand, ctx = context()) {
      const run = (): OrderDecision => decideOrder(command, customer, baseState, ctx);
      return {
        then(expected: { customer: Array<{ type: string; data?: object }>; base: Array<{ type: string; data?: object }> }) {
          const decision = run();
          expect(decision.customer).toHaveLength(expected.customer.length);
          expected.customer.forEach((e, i) => expect(decision.customer[i]).toMatchObject(e));
          expect(decision.base).toEqual(expected.base.map((e) => expect.objectContaining(e)));
        },
        thenFails(code: string) {
          expect(run).toThrow(DomainError);
          try {
            run();
          } catch (error) {
            expect((error as DomainError).code).toBe(code);
          }
        },
      };
    },
  };
}

describe('R15 an add-on order records the add-on on its base in the same decision', () => {
  it('R15: on an active base the order places the add-ons and the base attaches each line', () =>
    given([customerCreated()], base())
      .when(order([['audio', 's-2'], ['storage', 's-3']]))
      .then({
        customer: [{ type: 'OrderPlaced', data: { parentSubscriptionId: 'base', baseTerm: { subscriptionId: 'base', termEndsAt: '2026-02-28T09:00:00.000Z' }, lines: [{ subscriptionId: 's-2' }, { subscriptionId: 's-3' }] } }],
        base: [attached('s-2', 'audio'), attached('s-3', 'storage')],
      }));

  it('R15: an order without a base writes nothing on any subscription', () =>
    given([customerCreated()], null)
      .when(order([['e3', 's-2']]))
      .then({ customer: [{ type: 'OrderPlaced', data: { parentSubscriptionId: null } }], base: [] }));

  it('R15: a line its base already lists (written before a partial append stopped) is not attached twice', () =>
    given([customerCreated()], base(attached('s-2', 'audio')))
      .when(order([['audio', 's-2'], ['storage', 's-3']]))
      .then({ customer: [{ type: 'OrderPlaced' }], base: [attached('s-3', 'storage')] }));

  it('R15: an offer the base does not list as an add-on is refused', () =>
    given([customerCreated()], base()).when(order([['e3', 's-2']])).thenFails('add-on-not-allowed'));
});

describe('R15, R18 no add-on is bought on a base that is not active at the revision read', () => {
  it('R15, R18: a suspended base refuses the add-on order: subscription-not-active, nothing written', () =>
    given([customerCreated()], base(suspended())).when(order([['audio', 's-2']])).thenFails('subscription-not-active'));

  it.each(['SubscriptionCancelled', 'SubscriptionExpired', 'SubscriptionDataDeleted'] as const)('R15, R18: a base that ended (%s) refuses the add-on order', (type) =>
    given([customerCreated()], base(ended(type))).when(order([['audio', 's-2']])).thenFails('subscription-not-active'));

  it('R15, R18: a base suspended and reactivated takes add-ons again', () =>
    given([customerCreated()], base(suspended(), { type: 'SubscriptionReactivated', data: { subscriptionId: 'base', reactivatedAt: plus(T0, { hours: 1, ms: 1 }).toISOString() } }))
      .when(order([['audio', 's-2']]))
      .then({ customer: [{ type: 'OrderPlaced' }], base: [attached('s-2', 'audio')] }));

  it('R10, R15: the same key again, once the base is suspended, decides nothing (the first order stands)', () => {
    const first = decideOrder(order([['audio', 's-2']]), [customerCreated()].reduce(evolveCustomer, initialCustomerState), base().reduce(evolveSubscription, initialSubscriptionState), context());
    given([customerCreated(), ...first.customer], base(...first.base, suspended(plus(T0, { hours: 3 }))))
      .when(order([['audio', 's-9']]), context(plus(T0, { hours: 4 })))
      .then({ customer: [], base: [] });
  });
});
