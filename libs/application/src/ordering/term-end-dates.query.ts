import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { allowedTermEndDates, DomainError, isNewCommerce, TermDuration } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { CatalogReader } from '../catalog/catalog-reader';
import { CustomerDocument, customerListProjection } from '../customers/customer-list.projection';
import { coTermCandidates } from '../subscriptions/co-term-candidates';

export class TermEndDatesQuery {
  constructor(readonly partnerId: string, readonly customerId: string, readonly offerId: string, readonly termDuration: TermDuration) {}
}

export interface TermEndDateView {
  date: string;
  kind: 'subscription-aligned' | 'calendar-month';
  subscriptionId?: string;
}

/** R30: the `customTermEndDate`s a line for this offer and term may give now, earliest first. */
@QueryHandler(TermEndDatesQuery)
export class TermEndDatesHandler implements IQueryHandler<TermEndDatesQuery, { items: TermEndDateView[] }> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalog: CatalogReader,
  ) {}

  async execute({ partnerId, customerId, offerId, termDuration }: TermEndDatesQuery): Promise<{ items: TermEndDateView[] }> {
    const customer = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
    if (!customer || customer.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    const offer = (await this.catalog.offers()).get(offerId);
    if (!offer) throw new NotFoundError('offer', offerId);
    if (!isNewCommerce(offer) || !(offer.purchaseOptions ?? []).some((o) => o.termDuration === termDuration)) {
      throw new DomainError('invalid-term', `${offer.name} is not sold with a ${termDuration} term${isNewCommerce(offer) ? '' : ' (a legacy offer: no custom term end)'}`);
    }
    const dates = allowedTermEndDates(this.clock.now(), termDuration, await coTermCandidates(this.readStore, partnerId, customerId));
    return { items: dates.map((d) => ({ date: d.date.toISOString(), kind: d.kind, ...(d.subscriptionId ? { subscriptionId: d.subscriptionId } : {}) })) };
  }
}
