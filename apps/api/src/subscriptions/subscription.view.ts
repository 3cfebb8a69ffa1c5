import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { SUBSCRIPTION_STATUSES, SUSPENSION_REASONS } from '@ledger/domain';
import { CancelAnswer, HistoryItem, LifecycleAnswer, SubscriptionView } from '@ledger/application';
import { MoneySchema } from '../http/money.schema';
import { PageSchema } from '../http/page.schema';

const INSTANT = { type: String, format: 'date-time' } as const;
const NULLABLE_INSTANT = { ...INSTANT, nullable: true } as const;

@ApiSchema({ name: 'RefundableSeats' })
export class RefundableSeatsSchema {
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty(INSTANT) until!: string;
}

@ApiSchema({ name: 'ScheduledChanges' })
export class ScheduledChangesSchema {
  @ApiPropertyOptional({ type: 'integer' }) quantity?: number;
  @ApiPropertyOptional({ enum: ['P1M', 'P1Y', 'P3Y'] }) termDuration?: string;
  @ApiPropertyOptional({ enum: ['monthly', 'annual', 'triennial'] }) billingFrequency?: string;
}

/** API.md "Subscription": every field present, null where it does not apply. */
@ApiSchema({ name: 'Subscription' })
export class SubscriptionSchema implements SubscriptionView {
  @ApiProperty() id!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty({ example: 'm365-business-basic-monthly' }) offerId!: string;
  @ApiProperty() offerName!: string;
  @ApiProperty({ enum: ['microsoft', 'partner'] }) publisher!: string;
  @ApiProperty({ type: String, nullable: true }) publisherName!: string | null;
  @ApiProperty({ enum: ['license', 'usage'] }) billingType!: string;
  @ApiProperty({ example: 'small-business' }) category!: string;
  @ApiProperty({ example: 'monthly' }) billingFrequency!: string;
  @ApiProperty({ type: () => MoneySchema }) unitPrice!: MoneySchema;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Seats; null for usage-based offers' }) quantity!: number | null;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status!: string;
  @ApiProperty() inTrial!: boolean;
  @ApiProperty(NULLABLE_INSTANT) trialEndsAt!: string | null;
  @ApiProperty(INSTANT) termStartedAt!: string;
  @ApiProperty(INSTANT) termEndsAt!: string;
  @ApiProperty() autoRenew!: boolean;
  @ApiProperty({ ...NULLABLE_INSTANT, description: 'Scheduled cancellation (R17)' }) cancelAt!: string | null;
  @ApiProperty({ ...NULLABLE_INSTANT, description: 'Until then a cancellation is immediate with a credit (R17)' }) cancellationWindowEndsAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) suspendedAt!: string | null;
  @ApiProperty({ type: String, enum: SUSPENSION_REASONS, nullable: true }) suspensionReason!: string | null;
  @ApiProperty(NULLABLE_INSTANT) dataDeletionAt!: string | null;
  @ApiProperty() serviceAccess!: boolean;
  @ApiProperty({ type: String, nullable: true }) provisioningUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) parentSubscriptionId!: string | null;
  @ApiProperty({ type: [String] }) addOnIds!: string[];
  @ApiProperty(INSTANT) createdAt!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag: "<revision>"' }) revision!: number;
  @ApiProperty({ enum: ['legacy', 'new-commerce'], description: 'R25' }) program!: 'legacy' | 'new-commerce';
  @ApiProperty({ type: String, enum: ['P1M', 'P1Y', 'P3Y'], nullable: true, description: 'R25 (new commerce)' }) termDuration!: string | null;
  @ApiProperty({ ...NULLABLE_INSTANT, description: 'R26: the current billing cycle (new commerce)' }) billingCycleStartedAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) billingCycleEndsAt!: string | null;
  @ApiProperty({ ...NULLABLE_INSTANT, description: 'R27: while the 168-hour window is open (new commerce)' }) cancellationAllowedUntil!: string | null;
  @ApiProperty({ type: () => [RefundableSeatsSchema], nullable: true, description: 'R28: seats still removable, one item per addition inside its 168 hours (new commerce)' })
  refundableQuantity!: RefundableSeatsSchema[] | null;
  @ApiProperty({ type: () => ScheduledChangesSchema, nullable: true, description: 'R29: changes applied at the next renewal (new commerce)' })
  scheduledChanges!: ScheduledChangesSchema | null;
}

@ApiSchema({ name: 'SubscriptionPage' })
export class SubscriptionPageSchema extends PageSchema {
  @ApiProperty({ type: () => [SubscriptionSchema] })
  items!: SubscriptionSchema[];
}

@ApiSchema({ name: 'Actor' })
export class ActorSchema {
  @ApiProperty() userId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

@ApiSchema({ name: 'HistoryItem' })
export class HistoryItemSchema implements HistoryItem {
  @ApiProperty({ example: 'SubscriptionSuspended' }) type!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty() position!: string;
  @ApiProperty(INSTANT) occurredAt!: string;
  @ApiProperty({ ...INSTANT, description: 'Business time (R19); equal to occurredAt except for late timer firings' }) effectiveAt!: string;
  @ApiProperty({ type: () => ActorSchema }) actor!: ActorSchema;
  @ApiProperty() correlationId!: string;
  @ApiProperty({ type: String, nullable: true }) causationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data' }) data!: Record<string, unknown>;
}

@ApiSchema({ name: 'SubscriptionHistory' })
export class SubscriptionHistorySchema {
  @ApiProperty({ type: () => [HistoryItemSchema] })
  items!: HistoryItemSchema[];
}

/** A lifecycle command's answer (suspend, reactivate, auto-renew). */
@ApiSchema({ name: 'SubscriptionChanged' })
export class SubscriptionChangedSchema implements LifecycleAnswer {
  @ApiProperty({ type: () => SubscriptionSchema }) subscription!: SubscriptionSchema;
  @ApiProperty({ type: String, nullable: true, description: 'Log position of the last event written (null: nothing changed)' }) position!: string | null;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

@ApiSchema({ name: 'QuantityChanged' })
export class QuantityChangedSchema extends SubscriptionChangedSchema {
  @ApiPropertyOptional({ type: () => MoneySchema, description: 'Prorated charge for added seats (R15)' }) charge?: MoneySchema;
  @ApiPropertyOptional({ type: () => MoneySchema, description: 'Credit for removed seats inside the window (R17)' }) credit?: MoneySchema;
}

@ApiSchema({ name: 'Cancellation' })
export class CancellationSchema extends SubscriptionChangedSchema implements CancelAnswer {
  @ApiProperty({ enum: ['cancelled', 'scheduled'] }) outcome!: 'cancelled' | 'scheduled';
  @ApiPropertyOptional({ type: () => MoneySchema, description: 'Credit of an immediate cancellation (R17)' }) credit?: MoneySchema;
  @ApiPropertyOptional({ ...INSTANT, description: 'When a scheduled cancellation takes effect' }) cancelAt?: string;
}
