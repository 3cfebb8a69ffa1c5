import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { money } from '@ledger/domain';
import { ListedOffer, OfferDocument } from '@ledger/application';
import { MoneySchema } from '../http/money.schema';
import { ReasonSchema } from '../http/reason.schema';

@ApiSchema({ name: 'Eligibility' })
export class EligibilityView {
  @ApiProperty() purchasable!: boolean;
  @ApiProperty({ type: () => [ReasonSchema], description: 'Why not (R6); empty when purchasable' }) reasons!: ReasonSchema[];
}

/** API.md "Offer". */
@ApiSchema({ name: 'Offer' })
export class OfferView {
  @ApiProperty({ example: 'm365-business-basic-monthly' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['microsoft', 'partner'] }) publisher!: string;
  @ApiProperty({ type: String, nullable: true }) publisherName!: string | null;
  @ApiProperty({ enum: ['license', 'usage'] }) billingType!: string;
  @ApiProperty({ enum: ['enterprise', 'small-business', 'trial'] }) category!: string;
  @ApiProperty({ example: 'monthly' }) billingFrequency!: string;
  @ApiProperty({ type: () => MoneySchema }) unitPrice!: MoneySchema;
  @ApiProperty({ type: 'integer', nullable: true }) trialDays!: number | null;
  @ApiProperty() onePerCustomer!: boolean;
  @ApiProperty() transactable!: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) minQuantity!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxQuantity!: number | null;
  @ApiProperty({ type: [String] }) addOnOfferIds!: string[];
  @ApiProperty({ type: [String] }) segments!: string[];
  @ApiProperty({ oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string', enum: ['all'] }], description: 'ISO 3166-1 alpha-2 codes, or "all"' })
  countries!: string[] | 'all';
  @ApiProperty({ type: [String], nullable: true, description: 'Partners the offer is reserved to; null: every partner' }) exclusiveTo!: string[] | null;
  @ApiProperty({ type: String, nullable: true }) provisioningUrl!: string | null;
  @ApiPropertyOptional({ type: () => EligibilityView, description: 'Only with ?customerId=' }) eligibility?: EligibilityView;
}

@ApiSchema({ name: 'OfferList' })
export class OfferListView {
  @ApiProperty({ type: () => [OfferView] })
  items!: OfferView[];
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
