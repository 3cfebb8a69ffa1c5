import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { BillingType, Category, HeldStatus, offerEligibility, Publisher, Reason } from '@ledger/domain';
import { Filter, READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { findAll } from '../projections/find-all';
import { CustomerDocument, customerListProjection } from '../customers/customer-list.projection';
import { OfferDocument, offersProjection } from './offers.projection';
import { SubscriptionDocument, subscriptionsProjection } from '../subscriptions/subscriptions.projection';

export interface OfferFilters {
  publisher?: Publisher;
  billingType?: BillingType;
  category?: Category;
}

export interface ListedOffer {
  offer: OfferDocument;
  eligibility?: { purchasable: boolean; reasons: Reason[] };
}

export class ListOffersQuery {
  constructor(readonly partnerId: string, readonly filters: OfferFilters, readonly customerId: string | null) {}
}

export class GetOfferQuery {
  constructor(readonly offerId: string) {}
}

/** R6: the catalog, filtered; with a customer, each offer says whether it can be bought and why not. */
@QueryHandler(ListOffersQuery)
export class ListOffersHandler implements IQueryHandler<ListOffersQuery, ListedOffer[]> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ partnerId, filters, customerId }: ListOffersQuery): Promise<ListedOffer[]> {
    const customer = customerId ? await this.customer(partnerId, customerId) : null;
    const filter: Filter = {};
    if (filters.publisher) filter.publisher = filters.publisher;
    if (filters.billingType) filter.billingType = filters.billingType;
    if (filters.category) filter.category = filters.category;
    const offers = await findAll<OfferDocument>(this.readStore, offersProjection.collection, filter, [{ field: 'id', direction: 'asc' }]);
    if (!customer) return offers.map((offer) => ({ offer }));
    const statuses = await this.heldStatuses(customer);
    return offers.map((offer) => {
      const held = (customer.heldOnePerCustomer?.[offer.id] ?? []).map((subscriptionId) => ({ subscriptionId, status: statuses.get(subscriptionId) ?? 'pending' }));
      return { offer, eligibility: offerEligibility(offer, { ...customer, customerId: customer.id }, partnerId, held) };
    });
  }

  private async customer(partnerId: string, customerId: string): Promise<CustomerDocument> {
    const doc = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
    if (!doc || doc.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    return doc;
  }

  private async heldStatuses(customer: CustomerDocument): Promise<Map<string, HeldStatus>> {
    const ids = Object.values(customer.heldOnePerCustomer ?? {}).flat();
    const docs = await this.readStore.getMany<SubscriptionDocument>(subscriptionsProjection.collection, ids);
    return new Map(docs.map((doc) => [doc.id, doc.state.status]));
  }
}

@QueryHandler(GetOfferQuery)
export class GetOfferHandler implements IQueryHandler<GetOfferQuery, OfferDocument> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ offerId }: GetOfferQuery): Promise<OfferDocument> {
    const offer = await this.readStore.get<OfferDocument>(offersProjection.collection, offerId);
    if (!offer) throw new NotFoundError('offer', offerId);
    return offer;
  }
}
