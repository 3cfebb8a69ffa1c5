import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { CustomerDocument, customerListProjection } from './customer-list.projection';

/** Reads of the customers read model, always confined to the caller's partner (R1). */
export class GetCustomerQuery {
  constructor(readonly partnerId: string, readonly customerId: string) {}
}

export class ListCustomersQuery {
  constructor(readonly partnerId: string, readonly cursor: string | null, readonly limit: number) {}
}

@QueryHandler(GetCustomerQuery)
export class GetCustomerHandler implements IQueryHandler<GetCustomerQuery, CustomerDocument> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ partnerId, customerId }: GetCustomerQuery): Promise<CustomerDocument> {
    const doc = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
    if (!doc || doc.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    return doc;
  }
}

@QueryHandler(ListCustomersQuery)
export class ListCustomersHandler implements IQueryHandler<ListCustomersQuery, Page<CustomerDocument>> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  execute({ partnerId, cursor, limit }: ListCustomersQuery): Promise<Page<CustomerDocument>> {
    return this.readStore.find<CustomerDocument>(
      customerListProjection.collection,
      { partnerId },
      { sort: [{ field: 'createdAt', direction: 'desc' }], limit, cursor },
    );
  }
}
