import { Offer, OfferSnapshot, snapshotOf } from '../catalog/offer';
import { CustomerEvent } from '../customer/customer.events';
import { BaseTerm, SubscriptionCommand } from '../subscription/subscription.commands';
import { SubscriptionEvent } from '../subscription/subscription.events';
import { decideSubscription } from '../subscription/subscription.decide';
import { initialSubscriptionState } from '../subscription/subscription.state';

/** Test builders: short, readable givens for the decider specifications. */
export const T0 = new Date('2026-01-31T09:00:00.000Z');

export const at = (iso: string) => new Date(iso);
export const plus = (from: Date, { days = 0, hours = 0, ms = 0 }: { days?: number; hours?: number; ms?: number }) =>
  new Date(from.getTime() + days * 86_400_000 + hours * 3_600_000 + ms);

export function offer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: 'm365-bp',
    name: 'Microsoft 365 Business Premium',
    publisher: 'microsoft',
    publisherName: null,
    billingType: 'license',
    category: 'small-business',
    billingFrequency: 'monthly',
    unitPriceCents: 1000,
    segments: ['commercial', 'nonprofit'],
    countries: 'all',
    onePerCustomer: false,
    exclusiveTo: null,
    transactable: true,
    trialDays: null,
    minQuantity: 1,
    maxQuantity: 300,
    addOnOfferIds: [],
    provisioningUrl: null,
    ...overrides,
  };
}

export function customerCreated(overrides: Partial<Extract<CustomerEvent, { type: 'CustomerCreated' }>['data']> = {}): CustomerEvent {
  return {
    type: 'CustomerCreated',
    data: { customerId: 'c-1', partnerId: 'p-1', name: 'Contoso', billingCountry: 'TW', segment: 'commercial', createdAt: T0.toISOString(), ...overrides },
  };
}

/** The events a real purchase produces (through the decider itself, so they never drift). */
export function purchased(options: { offer?: Partial<Offer>; quantity?: number | null; at?: Date; id?: string; parent?: string | null; baseTerm?: BaseTerm | null } = {}): SubscriptionEvent[] {
  const snapshot: OfferSnapshot = snapshotOf(offer(options.offer));
  const command: SubscriptionCommand = {
    type: 'Purchase',
    subscriptionId: options.id ?? 's-1',
    customerId: 'c-1',
    partnerId: 'p-1',
    orderId: 'o-1',
    offer: snapshot,
    quantity: options.quantity === undefined ? 3 : options.quantity,
    parentSubscriptionId: options.parent ?? null,
    baseTerm: options.baseTerm ?? null,
  };
  return decideSubscription(command, initialSubscriptionState, { now: options.at ?? T0 });
}
