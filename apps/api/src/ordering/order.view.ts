import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { OrderDocument, OrderReviewView, PlacedOrderAnswer, ReviewedLineView } from '@ledger/application';
import { MoneySchema } from '../http/money.schema';
import { ReasonSchema } from '../http/reason.schema';
import { SubscriptionSchema } from '../subscriptions/subscription.view';

@ApiSchema({ name: 'ReviewedLine' })
export class ReviewedLineSchema implements ReviewedLineView {
  @ApiProperty() offerId!: string;
  @ApiProperty({ type: 'integer', nullable: true }) quantity!: number | null;
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: () => [ReasonSchema] }) reasons!: ReasonSchema[];
  @ApiProperty({ type: () => MoneySchema, nullable: true, description: 'null when the offer is unknown' }) unitPrice!: MoneySchema | null;
  @ApiProperty({ type: () => MoneySchema }) total!: MoneySchema;
}

@ApiSchema({ name: 'OrderReview' })
export class OrderReviewSchema implements OrderReviewView {
  @ApiProperty({ description: 'true when every line can be bought' }) valid!: boolean;
  @ApiProperty({ type: () => [ReviewedLineSchema] }) lines!: ReviewedLineSchema[];
  @ApiProperty({ type: () => MoneySchema }) total!: MoneySchema;
}

@ApiSchema({ name: 'PlacedOrder' })
export class PlacedOrderSchema implements PlacedOrderAnswer {
  @ApiProperty() orderId!: string;
  @ApiProperty({ type: () => [SubscriptionSchema] }) subscriptions!: SubscriptionSchema[];
  @ApiProperty() position!: string;
  @ApiProperty({ type: 'integer', description: "The customer stream's revision at the order" }) revision!: number;
}

@ApiSchema({ name: 'OrderLine' })
export class OrderLineSchema {
  @ApiProperty() subscriptionId!: string;
  @ApiProperty() offerId!: string;
  @ApiProperty() offerName!: string;
  @ApiProperty({ type: 'integer', nullable: true }) quantity!: number | null;
  @ApiProperty({ type: () => MoneySchema }) total!: MoneySchema;
  @ApiPropertyOptional({ enum: ['P1M', 'P1Y', 'P3Y'], description: 'New-commerce lines (R25)' }) termDuration?: string;
  @ApiPropertyOptional({ enum: ['monthly', 'annual', 'triennial'], description: 'New-commerce lines (R25)' }) billingFrequency?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'New-commerce lines: the co-termed end of the first term (R30)' }) customTermEndDate?: string | null;
}

@ApiSchema({ name: 'Order' })
export class OrderSchema implements Pick<OrderDocument, 'id' | 'customerId' | 'placedAt' | 'parentSubscriptionId' | 'lines' | 'total'> {
  @ApiProperty() id!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) placedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The base subscription of an add-on order' }) parentSubscriptionId!: string | null;
  @ApiProperty({ type: () => [OrderLineSchema] }) lines!: OrderLineSchema[];
  @ApiProperty({ type: () => MoneySchema }) total!: MoneySchema;
}

@ApiSchema({ name: 'TermEndDate' })
export class TermEndDateSchema {
  @ApiProperty({ type: String, format: 'date-time' }) date!: string;
  @ApiProperty({ enum: ['subscription-aligned', 'calendar-month'] }) kind!: 'subscription-aligned' | 'calendar-month';
  @ApiPropertyOptional({ description: 'The subscription whose term end it is (subscription-aligned)' }) subscriptionId?: string;
}

@ApiSchema({ name: 'TermEndDates' })
export class TermEndDatesSchema {
  @ApiProperty({ type: () => [TermEndDateSchema] }) items!: TermEndDateSchema[];
}
