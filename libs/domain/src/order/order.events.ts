import { DomainEvent } from '../shared/decider';
import { BillingFrequency, OfferSnapshot } from '../catalog/offer';

export interface PlacedLine {
  subscriptionId: string;
  offer: OfferSnapshot;
  quantity: number | null;
  /** The offer was one-per-customer when bought: this line holds it (R8c). */
  onePerCustomer: boolean;
  /** Price of the first term (0 while in trial: nothing is charged until it converts). */
  totalCents: number;
}

/** Appended to the customer stream: the consistency boundary of R8c/R9 and R10. */
export type OrderPlaced = DomainEvent<'OrderPlaced', {
  orderId: string;
  customerId: string;
  partnerId: string;
  placedAt: string;
  idempotencyKey: string;
  requestHash: string;
  parentSubscriptionId: string | null;
  /** R15: the base's term when the order was placed, for add-ons (co-termed); null otherwise and in orders stored before co-terming. */
  baseTerm: { subscriptionId: string; billingFrequency: BillingFrequency; termStartedAt: string; termEndsAt: string } | null;
  lines: PlacedLine[];
}>;
