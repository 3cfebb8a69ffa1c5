import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { ConsistencyQuery } from '../http/consistency';
import { EmptyAsUndefined } from '../http/empty-as-undefined';

export class EventFeedQueryDto extends ConsistencyQuery {
  @ApiPropertyOptional({ description: 'A position (an item\'s `position` or `nextCursor`): events strictly after it' })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^[0-9/]{1,64}$/, { message: 'after must be a position from a previous page or a command' })
  after?: string;

  @ApiPropertyOptional({ description: 'Comma-separated event types, e.g. SubscriptionSuspended,SubscriptionCancelled' })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^[A-Z][A-Za-z]{0,63}(,[A-Z][A-Za-z]{0,63}){0,49}$/, { message: 'types must be event type names separated by commas' })
  types?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'customerId must be a customer id' })
  customerId?: string;

  @ApiPropertyOptional({ description: 'The acting user (`sub` of the token, or `system`)' })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^[^\s,]{1,128}$/, { message: 'userId must be a user id' })
  userId?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant: occurredAt at or after' })
  @IsOptional()
  @EmptyAsUndefined()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from must be an ISO 8601 instant' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant: occurredAt at or before' })
  @IsOptional()
  @EmptyAsUndefined()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'to must be an ISO 8601 instant' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Transform(({ value }) => (value === '' || value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class EventActorView {
  @ApiProperty() userId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class FeedEventView {
  @ApiProperty({ description: 'Event id (also the `webhook-id` of its deliveries)' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ format: 'date-time', description: 'When the event was written' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Business time (R19): the due instant of a late timer firing, else occurredAt' }) effectiveAt!: string;
  @ApiProperty({ description: 'Log position (opaque, ordered)' }) position!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty({ nullable: true, type: String }) customerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) subscriptionId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ type: EventActorView }) actor!: EventActorView;
  @ApiProperty() correlationId!: string;
  @ApiProperty({ nullable: true, type: String }) causationId!: string | null;
}

export class EventFeedPageView {
  @ApiProperty({ type: [FeedEventView] }) items!: FeedEventView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` for the next page; null at the end' }) nextCursor!: string | null;
}
