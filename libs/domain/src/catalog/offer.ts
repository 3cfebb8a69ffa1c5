import { Segment } from './segment';

export type Publisher = 'microsoft' | 'partner';
export type BillingType = 'license' | 'usage';
export type Category = 'enterprise' | 'small-business' | 'trial';
export type BillingFrequency = 'monthly' | 'annual';

export const PUBLISHERS: readonly Publisher[] = ['microsoft', 'partner'];
export const BILLING_TYPES: readonly BillingType[] = ['license', 'usage'];
export const CATEGORIES: readonly Category[] = ['enterprise', 'small-business', 'trial'];
export const BILLING_FREQUENCIES: readonly BillingFrequency[] = ['monthly', 'annual'];

/** R5: a catalog offer. Prices in integer cents. */
export interface Offer {
  id: string;
  name: string;
  publisher: Publisher;
  /** The ISV's name when `publisher` is `partner`. */
  publisherName: string | null;
  billingType: BillingType;
  category: Category;
  billingFrequency: BillingFrequency;
  unitPriceCents: number;
  segments: Segment[];
  countries: string[] | 'all';
  onePerCustomer: boolean;
  /** Partner ids the offer is exclusive to; null: every partner. */
  exclusiveTo: string[] | null;
  /** False for usage-based ISV offers (VMs, containers), bought elsewhere. */
  transactable: boolean;
  trialDays: number | null;
  minQuantity: number | null;
  maxQuantity: number | null;
  addOnOfferIds: string[];
  /** ISV SaaS: where the customer activates the subscription (R11). */
  provisioningUrl: string | null;
}

/** What a subscription keeps of the offer it was bought from (the catalog may change later). */
export type OfferSnapshot = Pick<
  Offer,
  | 'name'
  | 'publisher'
  | 'publisherName'
  | 'billingType'
  | 'category'
  | 'billingFrequency'
  | 'unitPriceCents'
  | 'trialDays'
  | 'provisioningUrl'
  | 'addOnOfferIds'
  | 'minQuantity'
  | 'maxQuantity'
> & { offerId: string };

export function snapshotOf(offer: Offer): OfferSnapshot {
  return {
    offerId: offer.id,
    name: offer.name,
    publisher: offer.publisher,
    publisherName: offer.publisherName,
    billingType: offer.billingType,
    category: offer.category,
    billingFrequency: offer.billingFrequency,
    unitPriceCents: offer.unitPriceCents,
    trialDays: offer.trialDays,
    // R11: only ISV SaaS license subscriptions show the publisher's provisioning URL.
    provisioningUrl: offer.publisher === 'partner' && offer.billingType === 'license' ? offer.provisioningUrl : null,
    addOnOfferIds: offer.addOnOfferIds,
    minQuantity: offer.minQuantity,
    maxQuantity: offer.maxQuantity,
  };
}
