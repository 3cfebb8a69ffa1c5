import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  BillingType,
  Category,
  evolveNewCommerce,
  evolveSubscription,
  initialNewCommerceState,
  initialSubscriptionState,
  NewCommerceEvent,
  NewCommerceState,
  Publisher,
  SubscriptionEvent,
  SubscriptionState,
  SubscriptionStatus,
} from '@ledger/domain';
import { businessTime, EVENT_STORE, EventStore, RecordedEvent } from '../ports/event-store.port';
import { CLOCK, Clock } from '../ports/clock.port';
import { newCommerceView } from './new-commerce-view';
import { Filter, READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { toDomainEvent, upcast } from '../commands/upcasting';
import { CustomerDocument, customerListProjection } from '../customers/customer-list.projection';
import { documentToView, SubscriptionDocument, subscriptionsProjection } from './subscriptions.projection';
import { subscriptionStream } from './subscription-streams';
import { subscriptionView, SubscriptionView } from './subscription-view';

export class GetSubscriptionQuery {
  constructor(readonly partnerId: string, readonly subscriptionId: string, readonly asOf: Date | null) {}
}

export interface SubscriptionFilters {
  status?: SubscriptionStatus;
  publisher?: Publisher;
  billingType?: BillingType;
  category?: Category;
}

export class ListCustomerSubscriptionsQuery {
  constructor(
    readonly partnerId: string,
    readonly customerId: string,
    readonly filters: SubscriptionFilters,
    readonly cursor: string | null,
    readonly limit: number,
  ) {}
}

export class SubscriptionHistoryQuery {
  constructor(readonly partnerId: string, readonly subscriptionId: string) {}
}

export interface HistoryItem {
  type: string;
  revision: number;
  position: string;
  occurredAt: string;
  /** R19: when it took effect (the due instant of a late timer firing), else occurredAt. */
  effectiveAt: string;
  actor: { userId: string; partnerId: string; roles: string[] };
  correlationId: string;
  causationId: string | null;
  data: Record<string, unknown>;
}

/** GET a subscription: the live read model, or (asOf) its state folded from the log (R21). */
@QueryHandler(GetSubscriptionQuery)
export class GetSubscriptionHandler implements IQueryHandler<GetSubscriptionQuery, SubscriptionView> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ partnerId, subscriptionId, asOf }: GetSubscriptionQuery): Promise<SubscriptionView> {
    if (asOf) return this.asOf(partnerId, subscriptionId, asOf);
    const doc = await this.readStore.get<SubscriptionDocument>(subscriptionsProjection.collection, subscriptionId);
    if (!doc || doc.state.partnerId !== partnerId) throw new NotFoundError('subscription', subscriptionId);
    return documentToView(doc, this.clock.now());
  }

  private async asOf(partnerId: string, subscriptionId: string, asOf: Date): Promise<SubscriptionView> {
    const events = await this.eventStore.readStream(subscriptionStream(subscriptionId));
    if (events[0]?.type === 'NewCommerceSubscriptionPurchased') return this.newCommerceAsOf(partnerId, subscriptionId, events, asOf);
    let state: SubscriptionState = initialSubscriptionState;
    let revision = -1;
    // R19: by business time; a late firing recorded after later events still counts from when it was due.
    for (const event of events) {
      if (Date.parse(businessTime(event.metadata)) > asOf.getTime()) continue;
      state = evolveSubscription(state, toDomainEvent<SubscriptionEvent>(event));
      revision = event.revision;
    }
    if (state.status === 'none' || state.partnerId !== partnerId) throw new NotFoundError('subscription', subscriptionId);
    return subscriptionView(state, revision);
  }

  /** R21, R25: a new-commerce subscription as of an instant, its 168-hour windows judged at that instant. */
  private newCommerceAsOf(partnerId: string, subscriptionId: string, events: RecordedEvent[], asOf: Date): SubscriptionView {
    let state: NewCommerceState = initialNewCommerceState;
    let revision = -1;
    for (const event of events) {
      if (Date.parse(businessTime(event.metadata)) > asOf.getTime()) continue;
      state = evolveNewCommerce(state, toDomainEvent<NewCommerceEvent>(event));
      revision = event.revision;
    }
    if (state.status === 'none' || state.partnerId !== partnerId) throw new NotFoundError('subscription', subscriptionId);
    return newCommerceView(state, revision, asOf);
  }
}

/** R3, R21: the whole history in order, with who, when, and why. */
@QueryHandler(SubscriptionHistoryQuery)
export class SubscriptionHistoryHandler implements IQueryHandler<SubscriptionHistoryQuery, { items: HistoryItem[] }> {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  async execute({ partnerId, subscriptionId }: SubscriptionHistoryQuery): Promise<{ items: HistoryItem[] }> {
    const events = await this.eventStore.readStream(subscriptionStream(subscriptionId));
    const owner = events[0]?.data.partnerId;
    if (events.length === 0 || owner !== partnerId) throw new NotFoundError('subscription', subscriptionId);
    return {
      items: events.map((event) => ({
        type: event.type,
        revision: event.revision,
        position: event.position,
        occurredAt: event.metadata.occurredAt,
        effectiveAt: businessTime(event.metadata),
        actor: event.metadata.actor,
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId,
        data: upcast(event),
      })),
    };
  }
}

/** A customer's subscriptions, newest first, filtered (values checked by the DTO's enums). */
@QueryHandler(ListCustomerSubscriptionsQuery)
export class ListCustomerSubscriptionsHandler implements IQueryHandler<ListCustomerSubscriptionsQuery, { items: SubscriptionView[]; nextCursor: string | null }> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ partnerId, customerId, filters, cursor, limit }: ListCustomerSubscriptionsQuery) {
    const customer = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
    if (!customer || customer.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    const filter: Filter = { partnerId, customerId };
    for (const [field, value] of Object.entries(filters)) if (value !== undefined) filter[field] = value;
    const page = await this.readStore.find<SubscriptionDocument>(subscriptionsProjection.collection, filter, {
      sort: [{ field: 'createdAt', direction: 'desc' }],
      limit,
      cursor,
    });
    const now = this.clock.now();
    return { items: page.items.map((doc) => documentToView(doc, now)), nextCursor: page.nextCursor };
  }
}
