import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { MONTH_PATTERN } from '@ledger/application';
import { ConsistencyQuery } from '../http/consistency';
import { EmptyAsUndefined } from '../http/empty-as-undefined';

export class MonthlyAnalyticsRequest extends ConsistencyQuery {
  @ApiProperty({ example: '2026-01', pattern: MONTH_PATTERN.source, description: 'First month (UTC), YYYY-MM' })
  @Matches(MONTH_PATTERN, { message: 'from must be a month YYYY-MM' })
  from!: string;

  @ApiProperty({ example: '2026-12', pattern: MONTH_PATTERN.source, description: 'Last month (UTC), YYYY-MM; at most 36 months after from, counting both' })
  @Matches(MONTH_PATTERN, { message: 'to must be a month YYYY-MM' })
  to!: string;

  @ApiPropertyOptional({ description: "One of the partner's customers instead of the whole partner" })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'customerId must be a customer id' })
  customerId?: string;
}

/** API.md money: a decimal string and its currency. */
class AnalyticsMoney {
  @ApiProperty({ example: '12.50' })
  amount!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;
}

export class MonthlyAnalyticsItem {
  @ApiProperty({ example: '2026-01' })
  month!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Subscriptions (add-ons included) purchased in the month' })
  purchased!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Subscriptions that became cancelled in the month' })
  cancelled!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Subscriptions that expired in the month' })
  expired!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Subscriptions whose data was deleted in the month' })
  deleted!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Subscriptions active (trials included) at the end of the month' })
  activeAtEnd!: number;

  @ApiPropertyOptional({ type: AnalyticsMoney, description: 'Monthly recurring revenue at the end of the month: annual prices one twelfth (half-up to the cent per subscription), trials, suspended and usage-based zero. Only with the analytics-money permission (R2)' })
  mrrAtEnd?: AnalyticsMoney;

  @ApiPropertyOptional({ type: AnalyticsMoney, description: 'Charges dated in the month (analytics-money only)' })
  charges?: AnalyticsMoney;

  @ApiPropertyOptional({ type: AnalyticsMoney, description: 'Credits dated in the month (analytics-money only)' })
  credits?: AnalyticsMoney;

  @ApiPropertyOptional({ type: AnalyticsMoney, description: 'charges minus credits (analytics-money only)' })
  net?: AnalyticsMoney;
}

export class MonthlyAnalyticsAnswer {
  @ApiProperty({ type: [MonthlyAnalyticsItem] })
  items!: MonthlyAnalyticsItem[];
}
