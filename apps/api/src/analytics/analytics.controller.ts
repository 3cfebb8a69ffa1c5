import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { can, money } from '@ledger/domain';
import { MonthlyAnalyticsQuery, MonthlyFigures, monthsSpanned } from '@ledger/application';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ProblemResponses } from '../http/problem-responses';
import { ValidationFailed } from '../http/validation';
import { MonthlyAnalyticsAnswer, MonthlyAnalyticsItem, MonthlyAnalyticsRequest } from './analytics.dto';

/** API.md: one answer covers at most 36 months. */
export const MAX_ANALYTICS_MONTHS = 36;

function item(figures: MonthlyFigures, withMoney: boolean): MonthlyAnalyticsItem {
  const { month, purchased, cancelled, expired, deleted, activeAtEnd } = figures;
  const counts = { month, purchased, cancelled, expired, deleted, activeAtEnd };
  if (!withMoney) return counts;
  return { ...counts, mrrAtEnd: money(figures.mrrAtEndCents), charges: money(figures.chargesCents), credits: money(figures.creditsCents), net: money(figures.netCents) };
}

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/analytics')
export class AnalyticsController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * Counts for every role; the money figures only with `analytics-money` (R2), left out
   * otherwise, as the dashboard does, so one dashboard call serves every role.
   */
  @Get('monthly')
  @RequirePermission('read')
  @ApiOperation({ summary: 'Monthly figures (R24): purchases, endings, active and MRR at month end, charges, credits, net, by business time (UTC months)' })
  @ApiOkResponse({ type: MonthlyAnalyticsAnswer, description: 'One item per month from `from` to `to`, months without activity with zeros' })
  @ProblemResponses(400, 404)
  async monthly(@Query() query: MonthlyAnalyticsRequest, @CurrentPrincipal() principal: Principal): Promise<MonthlyAnalyticsAnswer> {
    if (query.from > query.to) throw new ValidationFailed([{ field: 'to', message: 'to must not be before from' }]);
    if (monthsSpanned(query.from, query.to) > MAX_ANALYTICS_MONTHS) {
      throw new ValidationFailed([{ field: 'to', message: `at most ${MAX_ANALYTICS_MONTHS} months from from to to (both counted)` }]);
    }
    const figures: MonthlyFigures[] = await this.queries.execute(new MonthlyAnalyticsQuery(principal.partnerId, query.from, query.to, query.customerId ?? null));
    const withMoney = can(principal.roles, 'analytics-money');
    return { items: figures.map((f) => item(f, withMoney)) };
  }
}
