import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { can } from '@ledger/domain';
import { CustomerLedgerQuery, DashboardSummaryQuery, LEDGER_DEFAULT_LIMIT } from '@ledger/application';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ConsistencyQuery } from '../http/consistency';
import { PageQuery } from '../http/pagination';
import { ProblemResponses } from '../http/problem-responses';
import { ResourceId } from '../http/resource-id.pipe';
import { DashboardSummarySchema, LedgerPageSchema } from './billing.view';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingController {
  constructor(private readonly queries: QueryBus) {}

  @Get('v1/customers/:customerId/ledger')
  @RequirePermission('billing')
  @ApiOperation({ summary: "A customer's charges and credits, oldest first (R20); without limit, the first 200 entries" })
  @ApiOkResponse({ type: LedgerPageSchema })
  @ProblemResponses(400, 404, 503)
  ledger(@Param('customerId', ResourceId) customerId: string, @Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<LedgerPageSchema> {
    return this.queries.execute(new CustomerLedgerQuery(principal.partnerId, customerId, query.cursor ?? null, query.limit ?? LEDGER_DEFAULT_LIMIT));
  }

  /** Counts for every role; the money figure only for roles with billing access (R2). */
  @Get('v1/dashboard/summary')
  @RequirePermission('read')
  @ApiOperation({ summary: "The partner's dashboard: counts by status, trials and deletions coming up, scheduled cancellations, MRR" })
  @ApiOkResponse({ type: DashboardSummarySchema })
  @ProblemResponses(400, 503)
  summary(@Query() _query: ConsistencyQuery, @CurrentPrincipal() principal: Principal): Promise<DashboardSummarySchema> {
    return this.queries.execute(new DashboardSummaryQuery(principal.partnerId, can(principal.roles, 'billing')));
  }
}
