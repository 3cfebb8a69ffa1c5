import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CommandContext,
  GetOrderQuery,
  OrderReviewView,
  PlacedOrderAnswer,
  PlaceOrderCommand,
  ReviewOrderQuery,
  SubscriptionCustomerQuery,
  TermEndDatesQuery,
  TermEndDateView,
} from '@ledger/application';
import { CommandCtx } from '../auth/command-context.decorator';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ConsistencyQuery } from '../http/consistency';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { ProblemResponses } from '../http/problem-responses';
import { ResourceId } from '../http/resource-id.pipe';
import { AddOnDto, OrderDto, TermEndDatesQueryDto } from './order.dto';
import { OrderReviewSchema, OrderSchema, PlacedOrderSchema, TermEndDatesSchema } from './order.view';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: true, description: 'R10: repeating it returns the first result' };

@ApiTags('orders')
@ApiBearerAuth()
@Controller()
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('v1/customers/:customerId/orders/review')
  @HttpCode(200)
  @RequirePermission('order')
  @ApiOperation({ summary: 'Review an order: every line checked and priced, nothing bought (R7)' })
  @ApiOkResponse({ type: OrderReviewSchema })
  @ProblemResponses(400, 404, 415)
  review(@Param('customerId', ResourceId) customerId: string, @Body() body: OrderDto, @CurrentPrincipal() principal: Principal): Promise<OrderReviewView> {
    return this.queries.execute(new ReviewOrderQuery(principal.partnerId, { customerId, lines: body.lines, parentSubscriptionId: null }));
  }

  @Post('v1/customers/:customerId/orders')
  @HttpCode(201)
  @RequirePermission('order')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Place an order: all lines bought or none (R7-R10)' })
  @ApiCreatedResponse({ type: PlacedOrderSchema })
  @ProblemResponses(400, 404, 409, 415, 422)
  place(
    @Param('customerId', ResourceId) customerId: string,
    @Body() body: OrderDto,
    @IdempotencyKey() key: string,
    @CommandCtx() context: CommandContext,
  ): Promise<PlacedOrderAnswer> {
    return this.commands.execute(new PlaceOrderCommand({ customerId, lines: body.lines, parentSubscriptionId: null }, key, context));
  }

  @Get('v1/customers/:customerId/term-end-dates')
  @RequirePermission('read')
  @ApiOperation({ summary: 'The customTermEndDate values an order line for this new-commerce offer and term may give now, earliest first (R30)' })
  @ApiOkResponse({ type: TermEndDatesSchema })
  @ProblemResponses(400, 404, 409, 503)
  termEndDates(@Param('customerId', ResourceId) customerId: string, @Query() query: TermEndDatesQueryDto, @CurrentPrincipal() principal: Principal): Promise<{ items: TermEndDateView[] }> {
    return this.queries.execute(new TermEndDatesQuery(principal.partnerId, customerId, query.offerId, query.termDuration));
  }

  @Get('v1/customers/:customerId/orders/:orderId')
  @RequirePermission('read')
  @ApiOperation({ summary: 'Get one order with its lines' })
  @ApiOkResponse({ type: OrderSchema })
  @ProblemResponses(400, 404, 503)
  get(
    @Param('customerId', ResourceId) customerId: string,
    @Param('orderId', ResourceId) orderId: string,
    @Query() _query: ConsistencyQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderSchema> {
    return this.queries.execute(new GetOrderQuery(principal.partnerId, customerId, orderId));
  }

  @Post('v1/subscriptions/:subscriptionId/add-ons')
  @HttpCode(201)
  @RequirePermission('order')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Buy an add-on for a subscription (R15)' })
  @ApiCreatedResponse({ type: PlacedOrderSchema, description: 'The order, its subscriptions being the add-on' })
  @ProblemResponses(400, 404, 409, 415, 422)
  async addOn(
    @Param('subscriptionId', ResourceId) subscriptionId: string,
    @Body() body: AddOnDto,
    @IdempotencyKey() key: string,
    @CommandCtx() context: CommandContext,
  ): Promise<PlacedOrderAnswer> {
    const customerId = await this.queries.execute(new SubscriptionCustomerQuery(context.actor.partnerId, subscriptionId));
    return this.commands.execute(new PlaceOrderCommand({ customerId, lines: [body], parentSubscriptionId: subscriptionId }, key, context));
  }
}
