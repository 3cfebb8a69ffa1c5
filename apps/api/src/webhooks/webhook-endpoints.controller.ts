import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandContext, DeliveryDocument, WebhookDeliveries, WebhookEndpointService, WebhookUrlRefused } from '@ledger/application';
import { WebhookEndpoint } from '@ledger/domain';
import { CommandCtx } from '../auth/command-context.decorator';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ProblemResponses } from '../http/problem-responses';
import { ResourceId } from '../http/resource-id.pipe';
import { ValidationFailed } from '../http/validation';
import {
  CreatedWebhookEndpointView,
  CreateWebhookEndpointDto,
  DeliveriesQueryDto,
  DeliveryPageView,
  DeliveryView,
  RedeliveryView,
  EndpointsPageQuery,
  UpdateWebhookEndpointDto,
  WebhookEndpointPageView,
  WebhookEndpointView,
  WebhookSecretView,
} from './webhook.dto';

const view = (e: WebhookEndpoint): WebhookEndpointView => ({ id: e.endpointId, url: e.url, eventTypes: e.eventTypes, enabled: e.enabled, description: e.description, createdAt: e.createdAt });
const deliveryView = (d: DeliveryDocument): DeliveryView => ({
  eventId: d.eventId,
  eventType: d.eventType,
  position: d.position,
  status: d.status,
  attempts: d.attempts,
  lastAttemptAt: d.lastAttemptAt,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
});

/** A refused URL is the client's input: 400 on the `url` field. */
async function urlChecked<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof WebhookUrlRefused) throw new ValidationFailed([{ field: 'url', message: error.message }]);
    throw error;
  }
}

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointService,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('manage-webhooks')
  @ApiOperation({ summary: 'Register a webhook endpoint (R22); the signing secret is shown only in this answer' })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointView })
  @ProblemResponses(400)
  async create(@Body() body: CreateWebhookEndpointDto, @CommandCtx() context: CommandContext): Promise<CreatedWebhookEndpointView> {
    const created = await urlChecked(this.endpoints.create({ url: body.url, eventTypes: body.eventTypes, description: body.description ?? null }, context));
    return { ...view(created.endpoint), secret: created.secret, position: created.position ?? '' };
  }

  @Get()
  @RequirePermission('manage-webhooks')
  @ApiOperation({ summary: 'The partner\'s webhook endpoints, newest first' })
  @ApiOkResponse({ type: WebhookEndpointPageView })
  @ProblemResponses(400, 503)
  async list(@Query() query: EndpointsPageQuery, @CurrentPrincipal() principal: Principal): Promise<WebhookEndpointPageView> {
    const page = await this.endpoints.list(principal.partnerId, query.cursor ?? null, query.limit ?? 50);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  @Get(':endpointId')
  @RequirePermission('manage-webhooks')
  @ApiOperation({ summary: 'One webhook endpoint (without its secret)' })
  @ApiOkResponse({ type: WebhookEndpointView })
  @ProblemResponses(404, 503)
  async get(@Param('endpointId', ResourceId) endpointId: string, @CurrentPrincipal() principal: Principal): Promise<WebhookEndpointView> {
    return view(await this.endpoints.get(principal.partnerId, endpointId));
  }

  @Patch(':endpointId')
  @RequirePermission('manage-webhooks')
  @ApiOperation({ summary: 'Change the URL, the event types or enable/disable the endpoint' })
  @ApiOkResponse({ type: WebhookEndpointView })
  @ProblemResponses(400, 404)
  async update(@Param('endpointId', ResourceId) endpointId: string, @Body() body: UpdateWebhookEndpointDto, @CommandCtx() context: CommandContext): Promise<WebhookEndpointView> {
    return view((await urlChecked(this.endpoints.update(endpointId, body, context))).endpoint);
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @RequirePermission('manage-webhooks')
  @ApiOperation({ summary: 'Delete the endpoint: nothing more is delivered to it' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ProblemResponses(404)
  async remove(@Param('endpointId', ResourceId) endpointId: string, @CommandCtx() context: CommandContext): Promise<void> {
    await this.endpoints.delete(endpointId, context);
  }

  @Post(':endpointId/rotate-secret')
  @HttpCode(200)
  @RequirePermission('manage-webhooks')
  @ApiOperation({ summary: 'New signing secret; the old one also signs for 24 h' })
  @ApiOkResponse({ type: WebhookSecretView })
  @ProblemResponses(404)
  async rotate(@Param('endpointId', ResourceId) endpointId: string, @CommandCtx() context: CommandContext): Promise<WebhookSecretView> {
    const rotated = await this.endpoints.rotateSecret(endpointId, context);
    return { secret: rotated.secret, position: rotated.position ?? '' };
  }

  @Get(':endpointId/deliveries')
  @RequirePermission('manage-webhooks')
  @ApiOperation({ summary: 'The endpoint\'s deliveries in log order, with their attempts' })
  @ApiOkResponse({ type: DeliveryPageView })
  @ProblemResponses(400, 404, 503)
  async listDeliveries(@Param('endpointId', ResourceId) endpointId: string, @Query() query: DeliveriesQueryDto, @CurrentPrincipal() principal: Principal): Promise<DeliveryPageView> {
    const page = await this.deliveries.list(principal.partnerId, endpointId, query.status ?? null, query.cursor ?? null, query.limit ?? 50);
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  @Post(':endpointId/deliveries/:eventId/redeliver')
  @HttpCode(202)
  @RequirePermission('manage-webhooks')
  @ApiOperation({ summary: 'Send the event again (same webhook-id), with a fresh 3-day retry window' })
  @ApiAcceptedResponse({ type: RedeliveryView, description: 'Queued' })
  @ProblemResponses(404)
  async redeliver(@Param('endpointId', ResourceId) endpointId: string, @Param('eventId', ResourceId) eventId: string, @CurrentPrincipal() principal: Principal): Promise<RedeliveryView> {
    await this.deliveries.redeliver(principal.partnerId, endpointId, eventId);
    return { eventId, status: 'pending' };
  }
}
