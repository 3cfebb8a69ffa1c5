import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsNumber, IsOptional, Matches, ValidateNested } from 'class-validator';
import { CYCLE_FREQUENCIES, TERM_DURATIONS, TermDuration } from '@ledger/domain';
import { ConsistencyQuery } from '../http/consistency';

const OFFER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class OrderLineDto {
  @ApiProperty({ example: 'm365-business-basic-monthly' })
  @Matches(OFFER_ID, { message: 'offerId must be a catalog offer id' })
  offerId!: string;

  @ApiPropertyOptional({ description: 'License seats; omit for usage-based offers (R8i)', example: 5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'quantity must be a number' })
  quantity?: number;

  @ApiPropertyOptional({ enum: TERM_DURATIONS, description: 'New-commerce offers only: the term of the purchase option (R25)' })
  @IsOptional()
  @IsIn(TERM_DURATIONS as unknown as string[], { message: `termDuration must be one of ${TERM_DURATIONS.join(', ')}` })
  termDuration?: string;

  @ApiPropertyOptional({ enum: CYCLE_FREQUENCIES, description: 'New-commerce offers only: the billing frequency of the purchase option (R25)' })
  @IsOptional()
  @IsIn(CYCLE_FREQUENCIES as unknown as string[], { message: `billingFrequency must be one of ${CYCLE_FREQUENCIES.join(', ')}` })
  billingFrequency?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'New-commerce offers only: co-term the first term to this instant (R30; see GET /v1/customers/:customerId/term-end-dates)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'customTermEndDate must be an ISO 8601 instant such as 2027-01-01T00:00:00Z' })
  customTermEndDate?: string;
}

export class OrderDto {
  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'an order needs at least one line' })
  @ArrayMaxSize(50, { message: 'an order has at most 50 lines' })
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
}

export class AddOnDto extends OrderLineDto {}

/** R30: GET /v1/customers/:customerId/term-end-dates?offerId=&termDuration= */
export class TermEndDatesQueryDto extends ConsistencyQuery {
  @ApiProperty({ example: 'm365-e3-nce' })
  @Matches(OFFER_ID, { message: 'offerId must be a catalog offer id' })
  offerId!: string;

  @ApiProperty({ enum: TERM_DURATIONS })
  @IsIn(TERM_DURATIONS as TermDuration[], { message: `termDuration must be one of ${TERM_DURATIONS.join(', ')}` })
  termDuration!: TermDuration;
}
