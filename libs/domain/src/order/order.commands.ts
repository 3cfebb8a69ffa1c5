import { BillingFrequency } from '../catalog/offer';

export interface OrderLineInput {
  offerId: string;
  quantity?: number | null;
  /** R25: the purchase option of a new-commerce line (a legacy line names none, R8j). */
  termDuration?: string | null;
  billingFrequency?: string | null;
  /** R30: the first term of a new-commerce line ends here (ISO instant), co-termed. */
  customTermEndDate?: string | null;
}

export interface PlaceOrder {
  type: 'PlaceOrder';
  customerId: string;
  partnerId: string;
  orderId: string;
  idempotencyKey: string;
  requestHash: string;
  /** One pre-generated subscription id per line. */
  lines: Array<OrderLineInput & { subscriptionId: string }>;
  /** Set when buying an add-on on top of an existing subscription (R15). */
  parent: {
    subscriptionId: string;
    offerId: string;
    addOnOfferIds: string[];
    status: string;
    /** The base's current term: the add-ons are co-termed into it. */
    billingFrequency: BillingFrequency;
    termStartedAt: string;
    termEndsAt: string;
  } | null;
}
