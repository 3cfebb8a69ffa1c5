import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { addDays, money, Money, SUBSCRIPTION_STATUSES, SubscriptionStatus } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { CustomerDocument, customerListProjection } from '../customers/customer-list.projection';
import { subscriptionsProjection } from '../subscriptions/subscriptions.projection';
import { LedgerDocument, ledgerProjection } from './ledger.projection';

export interface LedgerEntry {
  kind: 'charge' | 'credit';
  subscriptionId: string;
  orderId: string;
  amount: Money;
  invoicePeriod: string;
  occurredAt: string;
  reason: string;
}

/** Without a limit, the first 200 entries (API.md). */
export const LEDGER_DEFAULT_LIMIT = 200;

export class CustomerLedgerQuery {
  constructor(
    readonly partnerId: string,
    readonly customerId: string,
    readonly cursor: string | null = null,
    readonly limit: number = LEDGER_DEFAULT_LIMIT,
  ) {}
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

function ledgerEntry(doc: LedgerDocument): LedgerEntry {
  const { kind, subscriptionId, orderId, amountCents, invoicePeriod, occurredAt, reason } = doc;
  return { kind, subscriptionId, orderId, amount: money(amountCents), invoicePeriod, occurredAt, reason };
}

/** R20: a customer's ledger, oldest first, a page at a time along (customerId, occurredAt, id). */
@QueryHandler(CustomerLedgerQuery)
export class CustomerLedgerHandler implements IQueryHandler<CustomerLedgerQuery, { items: LedgerEntry[]; nextCursor: string | null }> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ partnerId, customerId, cursor, limit }: CustomerLedgerQuery) {
    const customer = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
    if (!customer || customer.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    const page = await this.readStore.find<LedgerDocument>(ledgerProjection.collection, { customerId, partnerId }, {
      sort: [{ field: 'occurredAt', direction: 'asc' }],
      limit,
      cursor,
    });
    return { items: page.items.map(ledgerEntry), nextCursor: page.nextCursor };
  }
}

/**
 * The partner's dashboard (R1: its own subscriptions only). Counts by status, scheduled
 * cancellations and MRR are counters the projection keeps as it goes; the two time
 * windows are range counts on indexed columns. Money only for billing roles (R2).
 */
@QueryHandler(DashboardSummaryQuery)
export class DashboardSummaryHandler implements IQueryHandler<DashboardSummaryQuery, DashboardSummary> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ partnerId, includeMoney }: DashboardSummaryQuery): Promise<DashboardSummary> {
    const now = this.clock.now();
    const collection = subscriptionsProjection.collection;
    const [counters, trialsEnding, deletionsPending] = await Promise.all([
      this.readStore.counters(collection, partnerId),
      this.readStore.count(collection, { partnerId, trialEndingAt: { $gte: now.toISOString(), $lte: addDays(now, 7).toISOString() } }),
      this.readStore.count(collection, { partnerId, deletionPendingAt: { $gte: now.toISOString(), $lte: addDays(now, 14).toISOString() } }),
    ]);
    const summary: DashboardSummary = {
      countsByStatus: Object.fromEntries(SUBSCRIPTION_STATUSES.map((status) => [status, counters[status] ?? 0])) as Record<SubscriptionStatus, number>,
      trialsEndingWithin7Days: trialsEnding,
      pendingDataDeletionWithin14Days: deletionsPending,
      scheduledCancellations: counters.scheduledCancellations ?? 0,
      asOf: now.toISOString(),
    };
    if (includeMoney) summary.monthlyRecurringRevenue = money(counters.mrrCents ?? 0);
    return summary;
  }
}
