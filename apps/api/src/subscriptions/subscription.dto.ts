import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { CYCLE_FREQUENCIES, CycleFrequency, SUBSCRIPTION_STATUSES, SubscriptionStatus, SUSPENSION_REASONS, SuspensionReason, TERM_DURATIONS, TermDuration } from '@ledger/domain';
import { ConsistencyQuery } from '../http/consistency';
import { OfferFilters } from '../http/offer-filters';
import { PageQuery } from '../http/pagination';
import { EmptyAsUndefined } from '../http/empty-as-undefined';

export class SuspendDto {
  @ApiProperty({ enum: SUSPENSION_REASONS })
  @IsIn(SUSPENSION_REASONS as unknown as SuspensionReason[], { message: `reason must be one of ${SUSPENSION_REASONS.join(', ')}` })
  reason!: SuspensionReason;
}

export class AutoRenewDto {
  @ApiProperty()
  @IsBoolean()
  enabled!: boolean;
}

export class QuantityDto {
  @ApiProperty({ minimum: 1, example: 10 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

export class SubscriptionQuery extends ConsistencyQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 instant: the state as of then, folded from the log (R21)' })
  @IsOptional()
  @EmptyAsUndefined()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 instant such as 2026-03-01T00:00:00Z' })
  asOf?: string;
}

export class SubscriptionListQuery extends IntersectionType(PageQuery, OfferFilters) {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES })
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(SUBSCRIPTION_STATUSES as SubscriptionStatus[])
  status?: SubscriptionStatus;
}

/** R29: what the next term changes (at least one field; checked by the controller). */
export class ScheduledChangesDto {
  @ApiPropertyOptional({ minimum: 1, example: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity?: number;

  @ApiPropertyOptional({ enum: TERM_DURATIONS })
  @IsOptional()
  @IsIn(TERM_DURATIONS as TermDuration[], { message: `termDuration must be one of ${TERM_DURATIONS.join(', ')}` })
  termDuration?: TermDuration;

  @ApiPropertyOptional({ enum: CYCLE_FREQUENCIES })
  @IsOptional()
  @IsIn(CYCLE_FREQUENCIES as CycleFrequency[], { message: `billingFrequency must be one of ${CYCLE_FREQUENCIES.join(', ')}` })
  billingFrequency?: CycleFrequency;
}
