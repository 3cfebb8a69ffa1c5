import { Segment } from './segment';

export type Publisher = 'microsoft' | 'partner';
export type BillingType = 'license' | 'usage';
export type Category = 'enterprise' | 'small-business' | 'trial';
export type BillingFrequency = 'monthly' | 'annual';

export const PUBLISHERS: readonly Publisher[] = ['microsoft', 'partner'];
export const BILLING_TYPES: readonly BillingType[] = ['license', 'usage'];
export const CATEGORIES: readonly Category[] = ['enterprise', 'small-business', 'trial'];
export const BILLING_FREQUENCIES: readonly BillingFrequency[] = ['monthly', 'annual'];

/** R25: the vendor's programme an offer is sold under; absent on an offer means `legacy`. */
export type Program = 'legacy' | 'new-commerce';
export const PROGRAMS: readonly Program[] = ['legacy', 'new-commerce'];

/** R25: how long a new-commerce term runs (ISO 8601 durations). */
export type TermDuration = 'P1M' | 'P1Y' | 'P3Y';
/** R25: how often a new-commerce term is billed (a cycle of one, twelve or thirty-six months). */
export type CycleFrequency = 'monthly' | 'annual' | 'triennial';
export const TERM_DURATIONS: readonly TermDuration[] = ['P1M', 'P1Y', 'P3Y'];
export const CYCLE_FREQUENCIES: readonly CycleFrequency[] = ['monthly', 'annual', 'triennial'];

/** R25: the six term x billing combinations the vendor sells, and no others. */
export const ALLOWED_TERM_OPTIONS: ReadonlyArray<{ termDuration: TermDuration; billingFrequency: CycleFrequency }> = [
  { termDuration: 'P1M', billingFrequency: 'monthly' },
  { termDuration: 'P1Y', billingFrequency: 'monthly' },
  { termDuration: 'P1Y', billingFrequency: 'annual' },
  { termDuration: 'P3Y', billingFrequency: 'monthly' },
  { termDuration: 'P3Y', billingFrequency: 'annual' },
  { termDuration: 'P3Y', billingFrequency: 'triennial' },
];

/** R25: one way to buy a new-commerce offer; the price is per seat per billing cycle, in cents. */
export interface PurchaseOption {
  termDuration: TermDuration;
  billingFrequency: CycleFrequency;
  unitPriceCents: number;
}

/** What an order line names to pick a purchase option (R25, R8j). */
export interface TermChoice {
  termDuration?: string | null;
  billingFrequency?: string | null;
}

export function isAllowedTermOption(termDuration: unknown, billingFrequency: unknown): boolean {
  return ALLOWED_TERM_OPTIONS.some((o) => o.termDuration === termDuration && o.billingFrequency === billingFrequency);
}

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
  /**
   * R25: absent on legacy offers (so offers published before R25, and legacy offers parsed
   * now, stay byte-identical and a re-import republishes nothing); read it with `programOf`.
   * On a new-commerce offer `billingFrequency` and `unitPriceCents` do not apply (API.md
   * shows them as null): the parser sets them to 'monthly' and 0, and `purchaseOptions`
   * holds the prices.
   */
  program?: Program;
  /** R25: new-commerce offers only (non-empty there); read it with `purchaseOptionsOf`. */
  purchaseOptions?: PurchaseOption[];
}

/** R25: `legacy` unless the offer says otherwise. */
export function programOf(offer: Pick<Offer, 'program'>): Program {
  return offer.program ?? 'legacy';
}

export function isNewCommerce(offer: Pick<Offer, 'program'>): boolean {
  return programOf(offer) === 'new-commerce';
}

/** R25: the offer's purchase options (`[]` for legacy offers, as API.md shows them). */
export function purchaseOptionsOf(offer: Pick<Offer, 'program' | 'purchaseOptions'>): PurchaseOption[] {
  return isNewCommerce(offer) ? offer.purchaseOptions ?? [] : [];
}

/** R25: the listed option a line names, or null (none named, not listed, or a legacy offer). */
export function findPurchaseOption(offer: Pick<Offer, 'program' | 'purchaseOptions'>, choice: TermChoice): PurchaseOption | null {
  return purchaseOptionsOf(offer).find((o) => o.termDuration === choice.termDuration && o.billingFrequency === choice.billingFrequency) ?? null;
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
