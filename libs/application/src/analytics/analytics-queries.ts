import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { CustomerDocument, customerListProjection } from '../customers/customer-list.projection';
import { findAll } from '../projections/find-all';
import { analyticsProjection, monthCounters, SubscriptionAnalyticsDocument } from './analytics.projection';
import { countersByMonth, MonthFigures, monthlyFigures, MonthlyFigures } from './month-figures';

/** R24: `from` and `to` are valid "YYYY-MM" months, from <= to (the API checks the range's length). */
export class MonthlyAnalyticsQuery {
  constructor(
    readonly partnerId: string,
    readonly from: string,
    readonly to: string,
    readonly customerId: string | null = null,
  ) {}
}

/**
 * R24 monthly figures. A partner's are its counters (one read, whatever its size); a
 * customer's are the sum of its subscriptions' documents (a customer holds few). R1: a
 * customer of another partner does not exist (404).
 */
@QueryHandler(MonthlyAnalyticsQuery)
export class MonthlyAnalyticsHandler implements IQueryHandler<MonthlyAnalyticsQuery, MonthlyFigures[]> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ partnerId, from, to, customerId }: MonthlyAnalyticsQuery): Promise<MonthlyFigures[]> {
    return monthlyFigures(customerId === null ? await this.partnerFigures(partnerId) : await this.customerFigures(partnerId, customerId), from, to);
  }

  private async partnerFigures(partnerId: string): Promise<Map<string, MonthFigures>> {
    return countersByMonth(await this.readStore.counters(analyticsProjection.collection, partnerId));
  }

  private async customerFigures(partnerId: string, customerId: string): Promise<Map<string, MonthFigures>> {
    const customer = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
    if (!customer || customer.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    const docs = await findAll<SubscriptionAnalyticsDocument>(this.readStore, analyticsProjection.collection, { customerId, partnerId });
    const sums: Record<string, number> = {};
    for (const doc of docs) {
      for (const [name, value] of Object.entries(monthCounters(doc.months))) sums[name] = (sums[name] ?? 0) + value;
    }
    return countersByMonth(sums);
  }
}
