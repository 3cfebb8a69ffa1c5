import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { DashboardSummary, LedgerEntry } from '@ledger/application';
import { MoneySchema } from '../http/money.schema';
import { PageSchema } from '../http/page.schema';

@ApiSchema({ name: 'LedgerEntry' })
export class LedgerEntrySchema implements LedgerEntry {
  @ApiProperty({ enum: ['charge', 'credit'] }) kind!: 'charge' | 'credit';
  @ApiProperty() subscriptionId!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty({ type: () => MoneySchema }) amount!: MoneySchema;
  @ApiProperty({ example: '2026-03', pattern: '^[0-9]{4}-[0-9]{2}$' }) invoicePeriod!: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ example: 'purchase' }) reason!: string;
}

@ApiSchema({ name: 'LedgerPage' })
export class LedgerPageSchema extends PageSchema {
  @ApiProperty({ type: () => [LedgerEntrySchema], description: 'Oldest first' }) items!: LedgerEntrySchema[];
}

@ApiSchema({ name: 'CountsByStatus' })
export class CountsByStatusSchema {
  @ApiProperty({ type: 'integer' }) active!: number;
  @ApiProperty({ type: 'integer' }) suspended!: number;
  @ApiProperty({ type: 'integer' }) cancelled!: number;
  @ApiProperty({ type: 'integer' }) expired!: number;
  @ApiProperty({ type: 'integer' }) deleted!: number;
}

@ApiSchema({ name: 'DashboardSummary' })
export class DashboardSummarySchema implements DashboardSummary {
  @ApiProperty({ type: () => CountsByStatusSchema }) countsByStatus!: CountsByStatusSchema;
  @ApiProperty({ type: 'integer' }) trialsEndingWithin7Days!: number;
  @ApiProperty({ type: 'integer' }) pendingDataDeletionWithin14Days!: number;
  @ApiProperty({ type: 'integer' }) scheduledCancellations!: number;
  @ApiPropertyOptional({ type: () => MoneySchema, description: 'Only for roles with billing access (R2)' }) monthlyRecurringRevenue?: MoneySchema;
  @ApiProperty({ type: String, format: 'date-time' }) asOf!: string;
}
