import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EmptyAsUndefined } from '../http/empty-as-undefined';
import { PageQuery } from '../http/pagination';

const EVENT_TYPE = /^(\*|[A-Z][A-Za-z]{0,63})$/;

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://example.com/webhooks/ledger', description: 'http(s) only; private targets refused in production' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ type: [String], example: ['SubscriptionSuspended'], description: 'Event types, or ["*"] for all' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(EVENT_TYPE, { each: true, message: 'each event type must be a type name or "*"' })
  eventTypes!: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(EVENT_TYPE, { each: true, message: 'each event type must be a type name or "*"' })
  eventTypes?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class DeliveriesQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'succeeded', 'failed'] })
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(['pending', 'succeeded', 'failed'])
  status?: 'pending' | 'succeeded' | 'failed';
}

export class EndpointsPageQuery extends PageQuery {}

export class WebhookEndpointView {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedWebhookEndpointView extends WebhookEndpointView {
  @ApiProperty({ description: '`whsec_` + base64; shown only here and in rotate-secret\'s answer' }) secret!: string;
  @ApiProperty({ description: 'Log position of the command\'s event' }) position!: string;
}

export class WebhookSecretView {
  @ApiProperty({ description: 'The new secret; the previous one also signs for 24 h' }) secret!: string;
  @ApiProperty() position!: string;
}

export class WebhookEndpointPageView {
  @ApiProperty({ type: [WebhookEndpointView] }) items!: WebhookEndpointView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DeliveryView {
  @ApiProperty({ description: 'Also the `webhook-id` header' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed' }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt!: string | null;
}

export class DeliveryPageView {
  @ApiProperty({ type: [DeliveryView] }) items!: DeliveryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}


export class RedeliveryView {
  @ApiProperty({ description: 'The event queued again (same webhook-id)' }) eventId!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
}
