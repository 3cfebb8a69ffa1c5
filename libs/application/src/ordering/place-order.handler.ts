import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerDecider, DomainError, OrderPlaced, subscriptionDecider, SubscriptionEvent } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { comparePositions, EVENT_STORE, EventStore, Position, RecordedEvent } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext } from '../commands/command-context';
import { NotFoundError } from '../commands/application-errors';
import { decideAndAppend, loadStream } from '../commands/stream-decision';
import { deterministicId } from '../commands/deterministic-id';
import { toDomainEvent } from '../commands/upcasting';
import { customerStream } from '../customers/customer-streams';
import { isSubscription, subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';
import { subscriptionView, SubscriptionView } from '../subscriptions/subscription-view';
import { OrderContextLoader } from './order-context-loader';
import { OrderRequest, requestHash } from './order-requests';
import { withOrderLinesAsViews } from './order-view';

export class PlaceOrderCommand {
  constructor(readonly request: OrderRequest, readonly idempotencyKey: string, readonly context: CommandContext) {}
}

export interface PlacedOrderAnswer {
  orderId: string;
  subscriptions: SubscriptionView[];
  position: Position;
  /** Revision of the customer stream at the order (the order's own place in it). */
  revision: number;
}

/**
 * R7-R11, R15 add-ons. The order is decided on the customer stream (the boundary of
 * R8c/R9); then each subscription stream is written with deterministic event ids, so a
 * retry or a repeated Idempotency-Key (R10) completes or recognises the same writes and
 * answers exactly as the first time.
 */
@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand, PlacedOrderAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly contexts: OrderContextLoader,
  ) {}

  private get deps() {
    return { eventStore: this.eventStore, clock: this.clock, ids: this.ids };
  }

  async execute({ request, idempotencyKey, context }: PlaceOrderCommand): Promise<PlacedOrderAnswer> {
    const partnerId = context.actor.partnerId;
    const orderId = deterministicId('order', partnerId, idempotencyKey);
    const parent = request.parentSubscriptionId ? await this.parent(request.parentSubscriptionId, request.customerId, partnerId) : null;
    await withOrderLinesAsViews(() => decideAndAppend(this.deps, {
      stream: customerStream(request.customerId),
      model: customerDecider,
      context,
      authorize: (state) => {
        if (state.status !== 'created' || state.partnerId !== partnerId) throw new NotFoundError('customer', request.customerId);
      },
      decide: async (state, now) => {
        const order = await this.contexts.load(state, request.lines.map((line) => line.offerId));
        return customerDecider.decide(
          {
            type: 'PlaceOrder',
            customerId: request.customerId,
            partnerId,
            orderId,
            idempotencyKey,
            requestHash: requestHash(request),
            lines: request.lines.map((line, index) => ({ ...line, subscriptionId: deterministicId('subscription', orderId, String(index)) })),
            parent,
          },
          state,
          { now, order },
        );
      },
    }));
    const placed = await this.orderPlaced(request.customerId, orderId);
    return this.materialise(placed, context);
  }

  private async parent(subscriptionId: string, customerId: string, partnerId: string) {
    const { state } = await loadStream(this.eventStore, subscriptionStream(subscriptionId), subscriptionModel);
    if (!isSubscription(state) || state.partnerId !== partnerId || state.customerId !== customerId) throw new NotFoundError('subscription', subscriptionId);
    return { subscriptionId, offerId: state.offer.offerId, addOnOfferIds: state.offer.addOnOfferIds, status: state.status };
  }

  private async orderPlaced(customerId: string, orderId: string): Promise<RecordedEvent> {
    const events = await this.eventStore.readStream(customerStream(customerId));
    const placed = events.find((event) => event.type === 'OrderPlaced' && event.data.orderId === orderId);
    if (!placed) throw new Error(`order ${orderId} was decided but is not in the customer stream`);
    return placed;
  }

  /** Writes (or finds) every subscription of the order; idempotent. */
  private async materialise(recorded: RecordedEvent, context: CommandContext): Promise<PlacedOrderAnswer> {
    const order = toDomainEvent<OrderPlaced>(recorded).data;
    const revision = recorded.revision;
    const caused: CommandContext = { ...context, causationId: recorded.id, expectedRevision: undefined };
    const placedAt = new Date(order.placedAt);
    for (const [index, line] of order.lines.entries()) {
      await decideAndAppend(this.deps, {
        stream: subscriptionStream(line.subscriptionId),
        model: subscriptionModel,
        context: caused,
        eventId: (_event, i) => deterministicId(order.orderId, line.subscriptionId, String(index), String(i)),
        decide: (state) =>
          state.status !== 'none'
            ? []
            : subscriptionDecider.decide(
                {
                  type: 'Purchase',
                  subscriptionId: line.subscriptionId,
                  customerId: order.customerId,
                  partnerId: order.partnerId,
                  orderId: order.orderId,
                  offer: line.offer,
                  quantity: line.quantity,
                  parentSubscriptionId: order.parentSubscriptionId,
                },
                state,
                { now: placedAt },
              ),
      });
      if (order.parentSubscriptionId) await this.attach(order.parentSubscriptionId, line.subscriptionId, line.offer.offerId, order.orderId, caused);
    }
    return { ...(await this.answer(order)), revision };
  }

  private async attach(baseId: string, addOnId: string, offerId: string, orderId: string, context: CommandContext): Promise<void> {
    await decideAndAppend(this.deps, {
      stream: subscriptionStream(baseId),
      model: subscriptionModel,
      context,
      eventId: () => deterministicId(orderId, baseId, 'attach', addOnId),
      decide: (state, now) => {
        if (!isSubscription(state) || state.addOnIds.includes(addOnId)) return [];
        try {
          return subscriptionDecider.decide({ type: 'AttachAddOn', addOnSubscriptionId: addOnId, offerId }, state, { now });
        } catch (error) {
          // The base changed after the order was accepted: the add-on stands on its own.
          if (error instanceof DomainError) return [];
          throw error;
        }
      },
    });
  }

  /** The answer is rebuilt from the log, so a repeated key gets byte-identical JSON. */
  private async answer(order: OrderPlaced['data']): Promise<Omit<PlacedOrderAnswer, 'revision'>> {
    let position: Position | null = null;
    const subscriptions: SubscriptionView[] = [];
    for (const line of order.lines) {
      const events = (await this.eventStore.readStream(subscriptionStream(line.subscriptionId))).filter(isPurchaseEvent);
      const state = events.reduce((s, e) => subscriptionModel.evolve(s, toDomainEvent<SubscriptionEvent>(e)), subscriptionModel.initialState);
      if (!isSubscription(state)) throw new Error(`subscription ${line.subscriptionId} of order ${order.orderId} is missing`);
      const last = events[events.length - 1];
      subscriptions.push(subscriptionView(state, last.revision));
      if (comparePositions(last.position, position) > 0) position = last.position;
    }
    if (order.parentSubscriptionId) {
      const base = await this.eventStore.readStream(subscriptionStream(order.parentSubscriptionId));
      const attached = base.filter((e) => e.type === 'AddOnAttached' && order.lines.some((l) => l.subscriptionId === e.data.addOnSubscriptionId));
      for (const event of attached) if (comparePositions(event.position, position) > 0) position = event.position;
    }
    return { orderId: order.orderId, subscriptions, position: position ?? '' };
  }
}

/** The events a purchase wrote (later ones, even of the same order, are not part of the answer). */
function isPurchaseEvent(event: RecordedEvent): boolean {
  return event.type === 'SubscriptionPurchased' || (event.type === 'SubscriptionCharged' && event.data.kind === 'purchase');
}
