import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import {
  CancelAnswer,
  CancelSubscriptionCommand,
  ChangeQuantityCommand,
  CommandContext,
  GetSubscriptionQuery,
  LifecycleAnswer,
  ListCustomerSubscriptionsQuery,
  ReactivateSubscriptionCommand,
  RemoveScheduledChangesCommand,
  ScheduleChangesCommand,
  SubscriptionHistoryQuery,
  SubscriptionView,
  SuspendSubscriptionCommand,
  ToggleAutoRenewCommand,
} from '@ledger/application';
import { CommandCtx } from '../auth/command-context.decorator';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ConsistencyQuery } from '../http/consistency';
import { setETag } from '../http/etag';
import { ProblemResponses } from '../http/problem-responses';
import { ResourceId } from '../http/resource-id.pipe';
import { AutoRenewDto, QuantityDto, ScheduledChangesDto, SubscriptionListQuery, SubscriptionQuery, SuspendDto } from './subscription.dto';
import { ValidationFailed } from '../http/validation';
import {
  CancellationSchema,
  QuantityChangedSchema,
  SubscriptionChangedSchema,
  SubscriptionHistorySchema,
  SubscriptionPageSchema,
  SubscriptionSchema,
} from './subscription.view';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag "<revision>" from a GET: 412 when the subscription moved on' };

@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller()
export class SubscriptionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('v1/customers/:customerId/subscriptions')
  @RequirePermission('read')
  @ApiOperation({ summary: "List a customer's subscriptions, newest first, filtered, a page at a time" })
  @ApiOkResponse({ type: SubscriptionPageSchema })
  @ProblemResponses(400, 404, 503)
  list(@Param('customerId', ResourceId) customerId: string, @Query() query: SubscriptionListQuery, @CurrentPrincipal() principal: Principal): Promise<SubscriptionPageSchema> {
    const { status, publisher, billingType, category } = query;
    return this.queries.execute(
      new ListCustomerSubscriptionsQuery(principal.partnerId, customerId, { status, publisher, billingType, category }, query.cursor ?? null, query.limit ?? 50),
    );
  }

  @Get('v1/subscriptions/:subscriptionId')
  @RequirePermission('read')
  @ApiOperation({ summary: 'Get one subscription (ETag: "<revision>"), or with asOf its state then (R21)' })
  @ApiOkResponse({ type: SubscriptionSchema })
  @ProblemResponses(400, 404, 503)
  async get(
    @Param('subscriptionId', ResourceId) subscriptionId: string,
    @Query() query: SubscriptionQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubscriptionView> {
    const view: SubscriptionView = await this.queries.execute(
      new GetSubscriptionQuery(principal.partnerId, subscriptionId, query.asOf ? new Date(query.asOf) : null),
    );
    if (!query.asOf) setETag(reply, view.revision);
    return view;
  }

  @Get('v1/subscriptions/:subscriptionId/history')
  @RequirePermission('read')
  @ApiOperation({ summary: "A subscription's events, oldest first, with who did what (R3, R21)" })
  @ApiOkResponse({ type: SubscriptionHistorySchema })
  @ProblemResponses(400, 404, 503)
  history(@Param('subscriptionId', ResourceId) subscriptionId: string, @Query() _query: ConsistencyQuery, @CurrentPrincipal() principal: Principal): Promise<SubscriptionHistorySchema> {
    return this.queries.execute(new SubscriptionHistoryQuery(principal.partnerId, subscriptionId));
  }

  @Post('v1/subscriptions/:subscriptionId/suspend')
  @HttpCode(200)
  @RequirePermission('suspend-reactivate')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Suspend a subscription (R16)' })
  @ApiOkResponse({ type: SubscriptionChangedSchema })
  @ProblemResponses(400, 404, 409, 412, 415)
  suspend(@Param('subscriptionId', ResourceId) id: string, @Body() body: SuspendDto, @CommandCtx() context: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(new SuspendSubscriptionCommand(id, body.reason, context), reply);
  }

  @Post('v1/subscriptions/:subscriptionId/reactivate')
  @HttpCode(200)
  @RequirePermission('suspend-reactivate')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Reactivate a suspended subscription (R16)' })
  @ApiOkResponse({ type: SubscriptionChangedSchema })
  @ProblemResponses(404, 409, 412)
  reactivate(@Param('subscriptionId', ResourceId) id: string, @CommandCtx() context: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(new ReactivateSubscriptionCommand(id, context), reply);
  }

  @Post('v1/subscriptions/:subscriptionId/cancel')
  @HttpCode(200)
  @RequirePermission('cancel')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Cancel a subscription: at once with a credit inside the window, else at term end (R17)' })
  @ApiOkResponse({ type: CancellationSchema })
  @ProblemResponses(404, 409, 412)
  cancel(@Param('subscriptionId', ResourceId) id: string, @CommandCtx() context: CommandContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<CancelAnswer> {
    return this.run(new CancelSubscriptionCommand(id, context), reply);
  }

  @Put('v1/subscriptions/:subscriptionId/auto-renew')
  @RequirePermission('toggle-auto-renew')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Turn auto-renewal on or off (R14)' })
  @ApiOkResponse({ type: SubscriptionChangedSchema })
  @ProblemResponses(400, 404, 409, 412, 415)
  autoRenew(@Param('subscriptionId', ResourceId) id: string, @Body() body: AutoRenewDto, @CommandCtx() context: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(new ToggleAutoRenewCommand(id, body.enabled, context), reply);
  }

  @Put('v1/subscriptions/:subscriptionId/quantity')
  @RequirePermission('order')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change the number of seats, charged or credited pro rata (R15)' })
  @ApiOkResponse({ type: QuantityChangedSchema })
  @ProblemResponses(400, 404, 409, 412, 415)
  quantity(@Param('subscriptionId', ResourceId) id: string, @Body() body: QuantityDto, @CommandCtx() context: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(new ChangeQuantityCommand(id, body.quantity, context), reply);
  }

  @Put('v1/subscriptions/:subscriptionId/scheduled-changes')
  @RequirePermission('schedule-changes')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Schedule (or replace) changes applied at the next renewal: quantity, term, billing frequency (R29, new commerce)' })
  @ApiOkResponse({ type: SubscriptionChangedSchema })
  @ProblemResponses(400, 404, 409, 412, 415)
  scheduleChanges(@Param('subscriptionId', ResourceId) id: string, @Body() body: ScheduledChangesDto, @CommandCtx() context: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const { quantity, termDuration, billingFrequency } = body;
    if (quantity === undefined && termDuration === undefined && billingFrequency === undefined) {
      throw new ValidationFailed([{ field: 'body', message: 'name at least one of quantity, termDuration, billingFrequency' }]);
    }
    const changes = { ...(quantity !== undefined ? { quantity } : {}), ...(termDuration ? { termDuration } : {}), ...(billingFrequency ? { billingFrequency } : {}) };
    return this.run(new ScheduleChangesCommand(id, changes, context), reply);
  }

  @Delete('v1/subscriptions/:subscriptionId/scheduled-changes')
  @RequirePermission('schedule-changes')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Remove the changes scheduled for the next renewal (R29, new commerce)' })
  @ApiOkResponse({ type: SubscriptionChangedSchema })
  @ProblemResponses(404, 409, 412)
  removeScheduledChanges(@Param('subscriptionId', ResourceId) id: string, @CommandCtx() context: CommandContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(new RemoveScheduledChangesCommand(id, context), reply);
  }

  private async run<T extends LifecycleAnswer>(command: object, reply: FastifyReply): Promise<T> {
    const answer: T = await this.commands.execute(command);
    setETag(reply, answer.revision);
    return answer;
  }
}
