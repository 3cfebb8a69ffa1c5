import { DomainEvent } from '../shared/decider';
import { BillingFrequency, OfferSnapshot, PurchaseOption } from '../catalog/offer';

export interface PlacedLine {
  subscriptionId: string;
  offer: OfferSnapshot;
  quantity: number | null;
  /** The offer was one-per-customer when bought: this line holds it (R8c). */
  onePerCustomer: boolean;
  /** Price of the first term (0 while in trial: nothing is charged until it converts); new commerce: its first cycle. */
  totalCents: number;
  /** R25: the purchase option of a new-commerce line, with the catalog price it was bought at; absent on legacy lines. */
  option?: PurchaseOption;
  /** R30: the co-termed end of its first term (absent or null: regular). */
  coTerm?: { date: string; kind: 'subscription-aligned' | 'calendar-month'; subscriptionId: string | null } | null;
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
