import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { BILLING_TYPES, BillingType, CATEGORIES, Category, Publisher, PUBLISHERS } from '@ledger/domain';
import { EmptyAsUndefined } from './empty-as-undefined';

/** The catalog filters of R6, shared by the offer and subscription lists (values from the enums only). */
export class OfferFilters {
  @ApiPropertyOptional({ enum: PUBLISHERS })
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(PUBLISHERS as Publisher[])
  publisher?: Publisher;

  @ApiPropertyOptional({ enum: BILLING_TYPES })
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(BILLING_TYPES as BillingType[])
  billingType?: BillingType;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(CATEGORIES as Category[])
  category?: Category;
}
