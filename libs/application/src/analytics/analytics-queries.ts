import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { CustomerDocument, customerListProjection } from '../customers/customer-list.projection';
import { analyticsProjection, customerAnalyticsKey, partnerAnalyticsKey } from './analytics.projection';
import { countersByMonth, monthlyFigures, MonthlyFigures } from './month-figures';

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
 * R24 monthly figures: the counters of the partner or of one of its customers (one read).
 * R1: a customer of another partner does not exist (404).
 */
@QueryHandler(MonthlyAnalyticsQuery)
export class MonthlyAnalyticsHandler implements IQueryHandler<MonthlyAnalyticsQuery, MonthlyFigures[]> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ partnerId, from, to, customerId }: MonthlyAnalyticsQuery): Promise<MonthlyFigures[]> {
    if (customerId !== null) {
      const customer = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
      if (!customer || customer.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    }
    const key = customerId === null ? partnerAnalyticsKey(partnerId) : customerAnalyticsKey(customerId);
    return monthlyFigures(countersByMonth(await this.readStore.counters(analyticsProjection.collection, key)), from, to);
  }
}
