import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags, IntersectionType } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { GetOfferQuery, ListedOffer, ListOffersQuery, OfferDocument } from '@ledger/application';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ConsistencyQuery } from '../http/consistency';
import { OfferFilters } from '../http/offer-filters';
import { ProblemResponses } from '../http/problem-responses';
import { ResourceId } from '../http/resource-id.pipe';
import { OfferListView, offerView, OfferView } from './offer.view';
import { EmptyAsUndefined } from '../http/empty-as-undefined';

export class OffersQuery extends IntersectionType(ConsistencyQuery, OfferFilters) {
  @ApiPropertyOptional({ description: 'Say, per offer, whether this customer can buy it and why not (R6)' })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'customerId must be a customer id' })
  customerId?: string;
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('v1/offers')
export class OffersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('read')
  @ApiOperation({ summary: 'List catalog offers, filtered; with customerId, whether that customer can buy each (R6)' })
  @ApiOkResponse({ type: OfferListView, description: 'The offers, with eligibility when customerId is given' })
  @ProblemResponses(400, 404, 503)
  async list(@Query() query: OffersQuery, @CurrentPrincipal() principal: Principal): Promise<OfferListView> {
    const { publisher, billingType, category, customerId } = query;
    const listed: ListedOffer[] = await this.queries.execute(new ListOffersQuery(principal.partnerId, { publisher, billingType, category }, customerId ?? null));
    return { items: listed.map(({ offer, eligibility }) => offerView(offer, eligibility)) };
  }

  @Get(':offerId')
  @RequirePermission('read')
  @ApiOperation({ summary: 'Get one catalog offer' })
  @ApiOkResponse({ type: OfferView })
  @ProblemResponses(400, 404, 503)
  async get(@Param('offerId', ResourceId) offerId: string, @Query() _query: ConsistencyQuery): Promise<OfferView> {
    const offer: OfferDocument = await this.queries.execute(new GetOfferQuery(offerId));
    return offerView(offer);
  }
}
