import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { InvoiceCustomerTotals, InvoiceLine, InvoiceSummary, InvoiceView } from '@ledger/application';
import { MoneySchema } from '../http/money.schema';
import { PageSchema } from '../http/page.schema';

const PERIOD = { example: '2026-03', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' } as const;

@ApiSchema({ name: 'InvoiceSummary' })
export class InvoiceSummarySchema implements InvoiceSummary {
  @ApiProperty(PERIOD) period!: string;
  @ApiProperty({ type: String, nullable: true, example: 'INV-000001', description: 'Null while open (R33)' }) number!: string | null;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({ type: String, format: 'date-time', description: 'The first instant of the period, when it closes' }) billingDate!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ type: () => MoneySchema }) charges!: MoneySchema;
  @ApiProperty({ type: () => MoneySchema, description: 'What was credited (a positive amount)' }) credits!: MoneySchema;
  @ApiProperty({ type: () => MoneySchema, description: 'charges minus credits' }) net!: MoneySchema;
  @ApiProperty({ type: 'integer', minimum: 0 }) lineCount!: number;
}

@ApiSchema({ name: 'InvoiceCustomerTotals' })
export class InvoiceCustomerTotalsSchema implements InvoiceCustomerTotals {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: String, nullable: true }) customerName!: string | null;
  @ApiProperty({ type: () => MoneySchema }) charges!: MoneySchema;
  @ApiProperty({ type: () => MoneySchema }) credits!: MoneySchema;
  @ApiProperty({ type: () => MoneySchema }) net!: MoneySchema;
}

@ApiSchema({ name: 'Invoice' })
export class InvoiceSchema extends InvoiceSummarySchema implements InvoiceView {
  @ApiProperty({ type: () => [InvoiceCustomerTotalsSchema], description: 'Per customer, by customer id' }) customers!: InvoiceCustomerTotalsSchema[];
}

@ApiSchema({ name: 'InvoicePage' })
export class InvoicePageSchema extends PageSchema {
  @ApiProperty({ type: () => [InvoiceSummarySchema], description: 'Newest period first' }) items!: InvoiceSummarySchema[];
}

@ApiSchema({ name: 'InvoiceLine' })
export class InvoiceLineSchema implements InvoiceLine {
  @ApiProperty() lineId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: String, nullable: true }) customerName!: string | null;
  @ApiProperty() subscriptionId!: string;
  @ApiProperty({ type: String, nullable: true }) offerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) offerName!: string | null;
  @ApiProperty({ example: 'renewal', description: 'purchase, renewal, cycle, trial-conversion, quantity-increase, quantity-decrease, add-on, cancellation, co-term, reactivation' }) chargeType!: string;
  @ApiProperty({ type: String, format: 'date-time' }) servicePeriodStart!: string;
  @ApiProperty({ type: String, format: 'date-time' }) servicePeriodEnd!: string;
  @ApiProperty({ type: 'integer', nullable: true }) quantity!: number | null;
  @ApiProperty({ type: () => MoneySchema, nullable: true }) unitPrice!: MoneySchema | null;
  @ApiProperty({ type: () => MoneySchema, description: 'Negative for credits' }) amount!: MoneySchema;
  @ApiProperty({ type: String, format: 'date-time', description: 'When it was written' }) occurredAt!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Its business time (R19)' }) effectiveAt!: string;
}

@ApiSchema({ name: 'InvoiceLinePage' })
export class InvoiceLinePageSchema extends PageSchema {
  @ApiProperty({ type: () => [InvoiceLineSchema], description: 'In log order' }) items!: InvoiceLineSchema[];
}
