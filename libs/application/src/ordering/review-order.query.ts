import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { customerDecider, reviewOrder } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { CLOCK, Clock } from '../ports/clock.port';
import { NotFoundError } from '../commands/application-errors';
import { loadStream } from '../commands/stream-decision';
import { customerStream } from '../customers/customer-streams';
import { OrderContextLoader } from './order-context-loader';
import { OrderRequest } from './order-requests';
import { orderReviewView, OrderReviewView } from './order-view';

export class ReviewOrderQuery {
  constructor(readonly partnerId: string, readonly request: OrderRequest) {}
}

/** R7: the purchase's own validation as a dry run, against the same exact sources; writes nothing. */
@QueryHandler(ReviewOrderQuery)
export class ReviewOrderHandler implements IQueryHandler<ReviewOrderQuery, OrderReviewView> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly contexts: OrderContextLoader,
  ) {}

  async execute({ partnerId, request }: ReviewOrderQuery): Promise<OrderReviewView> {
    const { state } = await loadStream(this.eventStore, customerStream(request.customerId), customerDecider);
    if (state.status !== 'created' || state.partnerId !== partnerId) throw new NotFoundError('customer', request.customerId);
    const context = await this.contexts.load(state, request.lines, this.clock.now());
    return orderReviewView(reviewOrder(request.lines, state, partnerId, context));
  }
}
