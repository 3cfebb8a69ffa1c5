import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { OrderDocument, ordersProjection } from './orders.projection';

export class GetOrderQuery {
  constructor(readonly partnerId: string, readonly customerId: string, readonly orderId: string) {}
}

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, Omit<OrderDocument, '_position' | 'partnerId'>> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ partnerId, customerId, orderId }: GetOrderQuery) {
    const doc = await this.readStore.get<OrderDocument>(ordersProjection.collection, orderId);
    if (!doc || doc.partnerId !== partnerId || doc.customerId !== customerId) throw new NotFoundError('order', orderId);
    const { _position, partnerId: _partner, ...order } = doc;
    return order;
  }
}
