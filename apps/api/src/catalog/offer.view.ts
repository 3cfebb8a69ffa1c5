import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { isNewCommerce, money, programOf, purchaseOptionsOf } from '@ledger/domain';
import { ListedOffer, OfferDocument } from '@ledger/application';
import { MoneySchema } from '../http/money.schema';
import { ReasonSchema } from '../http/reason.schema';

@ApiSchema({ name: 'Eligibility' })
export class EligibilityView {
  @ApiProperty() purchasable!: boolean;
  @ApiProperty({ type: () => [ReasonSchema], description: 'Why not (R6); empty when purchasable' }) reasons!: ReasonSchema[];
}

@ApiSchema({ name: 'PurchaseOption' })
export class PurchaseOptionView {
  @ApiProperty({ enum: ['P1M', 'P1Y', 'P3Y'] }) termDuration!: string;
  @ApiProperty({ enum: ['monthly', 'annual', 'triennial'] }) billingFrequency!: string;
  @ApiProperty({ type: () => MoneySchema, description: 'Per seat per billing cycle' }) unitPrice!: MoneySchema;
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
  @ApiProperty({ type: String, enum: ['monthly', 'annual'], nullable: true, description: 'Legacy offers; null for new commerce (see purchaseOptions)' }) billingFrequency!: string | null;
  @ApiProperty({ type: () => MoneySchema, nullable: true, description: 'Legacy offers; null for new commerce (see purchaseOptions)' }) unitPrice!: MoneySchema | null;
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
  @ApiProperty({ enum: ['legacy', 'new-commerce'], description: 'R25' }) program!: string;
  @ApiProperty({ type: () => [PurchaseOptionView], description: 'R25: new-commerce offers only ([] for legacy)' }) purchaseOptions!: PurchaseOptionView[];
  @ApiPropertyOptional({ type: () => EligibilityView, description: 'Only with ?customerId=' }) eligibility?: EligibilityView;
}

@ApiSchema({ name: 'OfferList' })
export class OfferListView {
  @ApiProperty({ type: () => [OfferView] })
  items!: OfferView[];
}

export function offerView(offer: OfferDocument, eligibility?: ListedOffer['eligibility']): OfferView {
  const newCommerce = isNewCommerce(offer);
  return {
    id: offer.id,
    name: offer.name,
    publisher: offer.publisher,
    publisherName: offer.publisherName,
    billingType: offer.billingType,
    category: offer.category,
    billingFrequency: newCommerce ? null : offer.billingFrequency,
    unitPrice: newCommerce ? null : money(offer.unitPriceCents),
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
    program: programOf(offer),
    purchaseOptions: purchaseOptionsOf(offer).map((o) => ({ termDuration: o.termDuration, billingFrequency: o.billingFrequency, unitPrice: money(o.unitPriceCents) })),
    ...(eligibility ? { eligibility } : {}),
  };
}
