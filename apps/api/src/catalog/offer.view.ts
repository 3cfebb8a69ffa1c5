import { money, Money, Reason } from '@ledger/domain';
import { ListedOffer, OfferDocument } from '@ledger/application';

export interface OfferView {
  id: string;
  name: string;
  publisher: string;
  publisherName: string | null;
  billingType: string;
  category: string;
  billingFrequency: string;
  unitPrice: Money;
  trialDays: number | null;
  onePerCustomer: boolean;
  transactable: boolean;
  minQuantity: number | null;
  maxQuantity: number | null;
  addOnOfferIds: string[];
  segments: string[];
  countries: string[] | 'all';
  exclusiveTo: string[] | null;
  provisioningUrl: string | null;
  eligibility?: { purchasable: boolean; reasons: Reason[] };
}

export function offerView(offer: OfferDocument, eligibility?: ListedOffer['eligibility']): OfferView {
  return {
    id: offer.id,
    name: offer.name,
    publisher: offer.publisher,
    publisherName: offer.publisherName,
    billingType: offer.billingType,
    category: offer.category,
    billingFrequency: offer.billingFrequency,
    unitPrice: money(offer.unitPriceCents),
    trialDays: offer.trialDays,
    onePerCustomer: offer.onePerCustomer,
    transactable: offer.transactable,
    minQuantity: offer.minQuantity,
    maxQuantity: offer.maxQuantity,
    addOnOfferIds: offer.addOnOfferIds,
    segments: offer.segments,
    countries: offer.countries,
    exclusiveTo: offer.exclusiveTo,
    provisioningUrl: offer.provisioningUrl,
    ...(eligibility ? { eligibility } : {}),
  };
}
