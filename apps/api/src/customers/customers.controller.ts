import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import {
  CommandContext,
  CreateCustomerCommand,
  CreateCustomerResult,
  CustomerDocument,
  GetCustomerQuery,
  ListCustomersQuery,
  Page,
} from '@ledger/application';
import { CommandCtx } from '../auth/command-context.decorator';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ConsistencyQuery } from '../http/consistency';
import { setETag } from '../http/etag';
import { PageQuery } from '../http/pagination';
import { ProblemResponses } from '../http/problem-responses';
import { ResourceId } from '../http/resource-id.pipe';
import { CreateCustomerDto } from './customer.dto';
import { CustomerCreatedView, CustomerPageView, customerView, CustomerView } from './customer.view';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('create-customer')
  @ApiOperation({ summary: 'Create a customer (R4)' })
  @ApiCreatedResponse({ type: CustomerCreatedView })
  @ProblemResponses(400, 415)
  create(@Body() body: CreateCustomerDto, @CommandCtx() context: CommandContext): Promise<CreateCustomerResult> {
    return this.commands.execute(new CreateCustomerCommand(body, context));
  }

  @Get()
  @RequirePermission('read')
  @ApiOperation({ summary: "List the partner's customers, newest first, a page at a time" })
  @ApiOkResponse({ type: CustomerPageView })
  @ProblemResponses(400, 503)
  async list(@Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<CustomerPageView> {
    const page: Page<CustomerDocument> = await this.queries.execute(
      new ListCustomersQuery(principal.partnerId, query.cursor ?? null, query.limit ?? 50),
    );
    return { items: page.items.map(customerView), nextCursor: page.nextCursor };
  }

  @Get(':customerId')
  @RequirePermission('read')
  @ApiOperation({ summary: 'Get one customer (ETag: "<revision>")' })
  @ApiOkResponse({ type: CustomerView })
  @ProblemResponses(400, 404, 503)
  async get(
    @Param('customerId', ResourceId) customerId: string,
    @Query() _query: ConsistencyQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerView> {
    const doc: CustomerDocument = await this.queries.execute(new GetCustomerQuery(principal.partnerId, customerId));
    setETag(reply, doc.revision);
    return customerView(doc);
  }
}
