import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { addDays, money, Money, SUBSCRIPTION_STATUSES, SubscriptionStatus } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { findAll } from '../projections/find-all';
import { NotFoundError } from '../commands/application-errors';
import { CustomerDocument, customerListProjection } from '../customers/customer-list.projection';
import { SubscriptionDocument, subscriptionsProjection } from '../subscriptions/subscriptions.projection';
import { LedgerDocument, ledgerProjection } from './ledger.projection';

export type LedgerEntry = Omit<LedgerDocument, 'id' | '_position' | 'partnerId' | 'customerId'>;

export class CustomerLedgerQuery {
  constructor(readonly partnerId: string, readonly customerId: string) {}
}

export class DashboardSummaryQuery {
  constructor(readonly partnerId: string, readonly includeMoney: boolean) {}
}

export interface DashboardSummary {
  countsByStatus: Record<SubscriptionStatus, number>;
  trialsEndingWithin7Days: number;
  pendingDataDeletionWithin14Days: number;
  scheduledCancellations: number;
  monthlyRecurringRevenue?: Money;
  asOf: string;
}

@QueryHandler(CustomerLedgerQuery)
export class CustomerLedgerHandler implements IQueryHandler<CustomerLedgerQuery, { items: LedgerEntry[] }> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ partnerId, customerId }: CustomerLedgerQuery) {
    const customer = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
    if (!customer || customer.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    const docs = await findAll<LedgerDocument>(this.readStore, ledgerProjection.collection, { partnerId, customerId }, [{ field: 'occurredAt', direction: 'asc' }]);
    return { items: docs.map(({ id: _id, _position, partnerId: _p, customerId: _c, ...entry }) => entry) };
  }
}

/** The partner's dashboard, from the subscriptions read model; money only for billing roles (R2). */
@QueryHandler(DashboardSummaryQuery)
export class DashboardSummaryHandler implements IQueryHandler<DashboardSummaryQuery, DashboardSummary> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ partnerId, includeMoney }: DashboardSummaryQuery): Promise<DashboardSummary> {
    const now = this.clock.now();
    const collection = subscriptionsProjection.collection;
    const counts = await Promise.all(SUBSCRIPTION_STATUSES.map((status) => this.readStore.count(collection, { partnerId, status })));
    const summary: DashboardSummary = {
      countsByStatus: Object.fromEntries(SUBSCRIPTION_STATUSES.map((status, i) => [status, counts[i]])) as Record<SubscriptionStatus, number>,
      trialsEndingWithin7Days: await this.readStore.count(collection, {
        partnerId,
        status: 'active',
        inTrial: true,
        trialEndsAt: { $gte: now.toISOString(), $lte: addDays(now, 7).toISOString() },
      }),
      pendingDataDeletionWithin14Days: await this.readStore.count(collection, {
        partnerId,
        status: 'suspended',
        dataDeletionAt: { $gte: now.toISOString(), $lte: addDays(now, 14).toISOString() },
      }),
      scheduledCancellations: await this.readStore.count(collection, { partnerId, status: { $in: ['active', 'suspended'] }, cancelAt: { $ne: null } }),
      asOf: now.toISOString(),
    };
    if (includeMoney) {
      const paying = await findAll<SubscriptionDocument>(this.readStore, collection, { partnerId, status: 'active', monthlyRecurringCents: { $gt: 0 } });
      summary.monthlyRecurringRevenue = money(paying.reduce((sum, doc) => sum + doc.monthlyRecurringCents, 0));
    }
    return summary;
  }
}
