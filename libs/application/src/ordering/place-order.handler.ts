import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CustomerEvent, customerDecider, CustomerState, OrderPlaced, PlaceOrder, SubscriptionEvent } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { AppendResult, comparePositions, EVENT_STORE, EventStore, Position, RecordedEvent, WrongExpectedRevisionError } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext, metadataFor } from '../commands/command-context';
import { ConcurrencyConflictError, NotFoundError, PreconditionFailedError } from '../commands/application-errors';
import { cachedStream, LoadedStream, loadStream, rememberStream } from '../commands/stream-decision';
import { streamLocks } from '../commands/stream-lock';
import { deterministicId } from '../commands/deterministic-id';
import { currentEvent, toDomainEvent } from '../commands/upcasting';
import { customerStream } from '../customers/customer-streams';
import { isSubscription, subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';
import { subscriptionView, SubscriptionView } from '../subscriptions/subscription-view';
import { OrderContextLoader } from './order-context-loader';
import { OrderRequest, requestHash } from './order-requests';
import { withOrderLinesAsViews } from './order-view';
import { linePurchase } from './order-purchases';
import { OrderCompletion } from './order-completion';

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

const MAX_ATTEMPTS = 5;

/** A new order's answer, made from the decision and the append results (nothing read back). */
interface Placed {
  subscriptions: SubscriptionView[];
  position: Position;
  revision: number;
  placedEventId: string;
  order: OrderPlaced['data'];
}

/**
 * R7-R11, R15 add-ons. The order is decided on the customer stream (the boundary of
 * R8c/R9), and its OrderPlaced is appended together with every line's new subscription
 * stream (deterministic event ids) in one `appendMany`: one commit where the store can.
 * The answer is made from what was decided and appended. A repeated Idempotency-Key
 * (R10) decides nothing new: its answer is rebuilt from the log, byte for byte the first
 * one, finishing on the way any subscription a crash left unwritten (EventStoreDB
 * appends stream after stream).
 */
@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand, PlacedOrderAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly contexts: OrderContextLoader,
    private readonly completion: OrderCompletion,
  ) {}

  async execute(command: PlaceOrderCommand): Promise<PlacedOrderAnswer> {
    const { request, idempotencyKey, context } = command;
    const partnerId = context.actor.partnerId;
    const orderId = deterministicId('order', partnerId, idempotencyKey);
    const parent = request.parentSubscriptionId ? await this.parent(request.parentSubscriptionId, request.customerId, partnerId) : null;
    const stream = customerStream(request.customerId);
    const placed = await withOrderLinesAsViews(() => streamLocks.run(stream, () => this.place(command, orderId, parent)));
    if (!placed) return this.materialise(await this.orderPlaced(request.customerId, orderId), context);
    let position = placed.position;
    if (placed.order.parentSubscriptionId) {
      const caused: CommandContext = { ...context, causationId: placed.placedEventId, expectedRevision: undefined };
      for (const line of placed.order.lines) {
        const attached = await this.completion.attach(placed.order.parentSubscriptionId, line.subscriptionId, line.offer.offerId, orderId, caused);
        if (comparePositions(attached, position) > 0) position = attached!;
      }
    }
    return { orderId, subscriptions: placed.subscriptions, position, revision: placed.revision };
  }

  /** Decide on the customer stream and append the order with its subscriptions; null when the key was already used (R10). */
  private async place(command: PlaceOrderCommand, orderId: string, parent: PlaceOrder['parent']): Promise<Placed | null> {
    const { context } = command;
    const stream = customerStream(command.request.customerId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Decided from the cached customer unread (the append states its revision, so a
      // stale one conflicts and the next attempt reads); a refusal is confirmed on a read.
      const cached = attempt === 1 ? cachedStream(this.eventStore, stream, customerDecider) : null;
      let loaded = cached ?? (await loadStream(this.eventStore, stream, customerDecider));
      let read = cached === null;
      let decided: { events: CustomerEvent[]; now: Date };
      for (;;) {
        try {
          decided = await this.decide(command, orderId, parent, loaded);
          break;
        } catch (error) {
          if (read) throw error;
          loaded = await loadStream(this.eventStore, stream, customerDecider);
          read = true;
        }
      }
      const { state, revision } = loaded;
      const { now } = decided;
      // No OrderPlaced: the key was used before (a cached state cannot show a key the log lacks).
      const placed = decided.events.find((event): event is OrderPlaced => event.type === 'OrderPlaced');
      if (!placed) return null;
      const placedEventId = this.ids.newId();
      const caused = metadataFor({ ...context, causationId: placedEventId }, now);
      const purchases = placed.data.lines.map((_line, index) => linePurchase(placed.data, index));
      let results: AppendResult[];
      try {
        results = await this.eventStore.appendMany([
          { stream, events: [{ id: placedEventId, type: placed.type, data: placed.data as unknown as Record<string, unknown>, metadata: metadataFor(context, now) }], expected: revision ?? 'no-stream' },
          ...purchases.map((purchase) => ({
            stream: purchase.stream,
            events: purchase.events.map((event, i) => ({ id: purchase.eventIds[i], type: event.type, data: event.data as unknown as Record<string, unknown>, metadata: caused })),
            expected: 'no-stream' as const,
          })),
        ]);
      } catch (error) {
        // The customer moved (or, with a store that appends stream by stream, part of this
        // order is already there): decide again; a written order then answers as a repeat.
        if (error instanceof WrongExpectedRevisionError) continue;
        throw error;
      }
      const [customer, ...lines] = results;
      rememberStream(this.eventStore, stream, customerDecider, { state: customerDecider.evolve(state, placed), revision: customer.nextExpectedRevision, position: customer.position });
      // As the repeat's answer computes it: the last of the subscriptions' events.
      let position = lines[0].position;
      const subscriptions = purchases.map((purchase, i) => {
        const subscription = purchase.events.reduce(subscriptionModel.evolve, subscriptionModel.initialState);
        rememberStream(this.eventStore, purchase.stream, subscriptionModel, { state: subscription, revision: lines[i].nextExpectedRevision, position: lines[i].position });
        if (comparePositions(lines[i].position, position) > 0) position = lines[i].position;
        if (!isSubscription(subscription)) throw new Error(`the purchase of ${purchase.subscriptionId} made no subscription`);
        return subscriptionView(subscription, lines[i].nextExpectedRevision);
      });
      return { subscriptions, position, revision: customer.nextExpectedRevision, placedEventId, order: placed.data };
    }
    throw new ConcurrencyConflictError(stream, MAX_ATTEMPTS);
  }

  private async decide(
    { request, idempotencyKey, context }: PlaceOrderCommand,
    orderId: string,
    parent: PlaceOrder['parent'],
    { state, revision }: LoadedStream<CustomerState>,
  ): Promise<{ events: CustomerEvent[]; now: Date }> {
    const partnerId = context.actor.partnerId;
    if (state.status !== 'created' || state.partnerId !== partnerId) throw new NotFoundError('customer', request.customerId);
    if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
      throw new PreconditionFailedError(customerStream(request.customerId), context.expectedRevision, revision ?? -1);
    }
    const now = this.clock.now();
    const order = await this.contexts.load(state, request.lines.map((line) => line.offerId));
    const events = customerDecider.decide(
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
    return { events, now };
  }

  private async parent(subscriptionId: string, customerId: string, partnerId: string) {
    const { state } = await loadStream(this.eventStore, subscriptionStream(subscriptionId), subscriptionModel);
    if (!isSubscription(state) || state.partnerId !== partnerId || state.customerId !== customerId) throw new NotFoundError('subscription', subscriptionId);
    return {
      subscriptionId,
      offerId: state.offer.offerId,
      addOnOfferIds: state.offer.addOnOfferIds,
      status: state.status,
      billingFrequency: state.offer.billingFrequency,
      termStartedAt: state.termStartedAt,
      termEndsAt: state.termEndsAt,
    };
  }

  private async orderPlaced(customerId: string, orderId: string): Promise<RecordedEvent> {
    const events = await this.eventStore.readStream(customerStream(customerId));
    const placed = events.find((event) => event.type === 'OrderPlaced' && event.data.orderId === orderId);
    if (!placed) throw new Error(`order ${orderId} was decided but is not in the customer stream`);
    return placed;
  }

  /** Writes (or finds) every subscription of the order, then answers as the first time. */
  private async materialise(recorded: RecordedEvent, context: CommandContext): Promise<PlacedOrderAnswer> {
    const placed = currentEvent(recorded);
    if (placed.type !== 'OrderPlaced') throw new Error(`${recorded.id} is a ${recorded.type}, not an OrderPlaced`);
    const order = placed.data;
    await this.completion.complete(order, { ...context, causationId: recorded.id, expectedRevision: undefined });
    return { ...(await this.answer(order)), revision: recorded.revision };
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
