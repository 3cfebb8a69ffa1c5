import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { can } from '@ledger/domain';
import { CustomerLedgerQuery, DashboardSummaryQuery, LEDGER_DEFAULT_LIMIT } from '@ledger/application';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ConsistencyQuery } from '../http/consistency';
import { PageQuery } from '../http/pagination';
import { ProblemResponses } from '../http/problem-responses';
import { ResourceId } from '../http/resource-id.pipe';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingController {
  constructor(private readonly queries: QueryBus) {}

  @Get('v1/customers/:customerId/ledger')
  @RequirePermission('billing')
  @ApiOkResponse({ description: '{ items: [{ kind, subscriptionId, orderId, amount, invoicePeriod, occurredAt, reason }], nextCursor }, oldest first (R20); without limit, the first 200 entries' })
  @ProblemResponses(404)
  ledger(@Param('customerId', ResourceId) customerId: string, @Query() query: PageQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new CustomerLedgerQuery(principal.partnerId, customerId, query.cursor ?? null, query.limit ?? LEDGER_DEFAULT_LIMIT));
  }

  /** Counts for every role; the money figure only for roles with billing access (R2). */
  @Get('v1/dashboard/summary')
  @RequirePermission('read')
  @ApiOkResponse({ description: 'counts by status, trials ending within 7 days, data deletion within 14 days, scheduled cancellations, monthlyRecurringRevenue (billing roles)' })
  @ProblemResponses()
  summary(@Query() _query: ConsistencyQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new DashboardSummaryQuery(principal.partnerId, can(principal.roles, 'billing')));
  }
}
