import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerDecider, CustomerState, decideOrder, DomainError, NewCommerceEvent, OrderDecision, OrderPlaced, SubscriptionEvent, SubscriptionState } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { AppendResult, comparePositions, EVENT_STORE, EventStore, Position, RecordedEvent, StreamAppend, WrongExpectedRevisionError } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext, metadataFor } from '../commands/command-context';
import { ConcurrencyConflictError, NotFoundError, PreconditionFailedError } from '../commands/application-errors';
import { cachedStream, LoadedStream, loadStream, rememberStream } from '../commands/stream-decision';
import { streamLocks } from '../commands/stream-lock';
import { deterministicId } from '../commands/deterministic-id';
import { currentEvent, toDomainEvent } from '../commands/upcasting';
import { customerStream } from '../customers/customer-streams';
import { isSubscription, subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';
import { SubscriptionView } from '../subscriptions/subscription-view';
import { OrderContextLoader } from './order-context-loader';
import { OrderRequest, requestHash } from './order-requests';
import { withOrderLinesAsViews } from './order-view';
import { linePurchase } from './order-purchases';
import { purchasedView, rememberPurchase } from './purchase-views';
import { attachEventId, OrderCompletion } from './order-completion';

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

/** What an order decision reads: the customer and, for an add-on order, its base. */
interface OrderStreams {
  customer: LoadedStream<CustomerState>;
  base: LoadedStream<SubscriptionState> | null;
  /** Both were just read (not taken from the cache unread). */
  read: boolean;
}

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
 * R8c/R9) and, for add-ons, on the base's stream too (`decideOrder`); its OrderPlaced is
 * appended together with the base's AddOnAttached events (at the base revision the
 * decision read) and every line's new subscription stream (deterministic event ids) in
 * one `appendMany`: one commit where the store can. An add-on is therefore bought only
 * on a base active at that revision, and listed by it from the start (issue 19).
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
    const stream = customerStream(request.customerId);
    const base = request.parentSubscriptionId ? subscriptionStream(request.parentSubscriptionId) : null;
    // Customer, then base: nothing takes them the other way round. In this process the locks
    // queue the commands on both streams; across processes the expected revisions decide.
    const place = () => this.place(command, orderId);
    const placed = await withOrderLinesAsViews(() => streamLocks.run(stream, () => (base ? streamLocks.run(base, place) : place())));
    if (!placed) return this.materialise(await this.orderPlaced(request.customerId, orderId), context);
    return { orderId, subscriptions: placed.subscriptions, position: placed.position, revision: placed.revision };
  }

  /**
   * Decide on the customer stream (and the base's, for add-ons) and append the order with
   * the base's attachments and the new subscriptions, each stream at the revision the
   * decision read; null when the key was already used (R10).
   */
  private async place(command: PlaceOrderCommand, orderId: string): Promise<Placed | null> {
    const { context } = command;
    const stream = customerStream(command.request.customerId);
    const baseId = command.request.parentSubscriptionId ?? null;
    const baseStream = baseId ? subscriptionStream(baseId) : null;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Decided from the cached streams unread (every append states its revision, so a
      // stale one conflicts and the next attempt reads); a refusal is confirmed on a read.
      let loaded = (attempt === 1 ? this.cached(stream, baseStream) : null) ?? (await this.load(stream, baseStream));
      let read = loaded.read;
      let decided: { decision: OrderDecision; now: Date };
      for (;;) {
        try {
          decided = await this.decide(command, orderId, loaded);
          break;
        } catch (error) {
          if (read) throw error;
          loaded = await this.load(stream, baseStream);
          read = true;
        }
      }
      const { customer, base } = loaded;
      const { decision, now } = decided;
      // No OrderPlaced: the key was used before (a cached state cannot show a key the log lacks).
      const placed = decision.customer.find((event): event is OrderPlaced => event.type === 'OrderPlaced');
      if (!placed) return null;
      await this.refuseKeyOfAnotherCustomer(placed.data, command.idempotencyKey);
      const placedEventId = this.ids.newId();
      const caused = metadataFor({ ...context, causationId: placedEventId }, now);
      const purchases = placed.data.lines.map((_line, index) => linePurchase(placed.data, index));
      // R15, R18: the base's attachments go in the same append, at the base revision the
      // decision read: a base suspended, cancelled or ended meanwhile conflicts, and the
      // next attempt decides on it (refused: subscription-not-active).
      const attachments: StreamAppend[] =
        baseStream && decision.base.length > 0
          ? [{
              stream: baseStream,
              events: decision.base.map((event) => ({
                id: attachEventId(orderId, baseId!, event.data.addOnSubscriptionId),
                type: event.type,
                data: event.data as unknown as Record<string, unknown>,
                metadata: caused,
              })),
              expected: base!.revision ?? 'no-stream',
            }]
          : [];
      let results: AppendResult[];
      try {
        // Customer first, then base, then the new streams: a store that appends stream by
        // stream and stops part way leaves an order whose completion attaches before it buys.
        results = await this.eventStore.appendMany([
          { stream, events: [{ id: placedEventId, type: placed.type, data: placed.data as unknown as Record<string, unknown>, metadata: metadataFor(context, now) }], expected: customer.revision ?? 'no-stream' },
          ...attachments,
          ...purchases.map((purchase) => ({
            stream: purchase.stream,
            events: purchase.events.map((event, i) => ({ id: purchase.eventIds[i], type: event.type, data: event.data as unknown as Record<string, unknown>, metadata: caused })),
            expected: 'no-stream' as const,
          })),
        ]);
      } catch (error) {
        // The customer or the base moved (or, with a store that appends stream by stream,
        // part of this order is already there): decide again; a written order then answers as a repeat.
        if (error instanceof WrongExpectedRevisionError) continue;
        throw error;
      }
      const [customerResult, ...rest] = results;
      rememberStream(this.eventStore, stream, customerDecider, { state: customerDecider.evolve(customer.state, placed), revision: customerResult.nextExpectedRevision, position: customerResult.position });
      let position = customerResult.position;
      if (attachments.length > 0) {
        const attached = rest.shift()!;
        rememberStream(this.eventStore, baseStream!, subscriptionModel, { state: decision.base.reduce(subscriptionModel.evolve, base!.state), revision: attached.nextExpectedRevision, position: attached.position });
        position = attached.position;
      }
      // As the repeat's answer computes it: the last of the subscriptions' and attachments' events.
      const subscriptions = purchases.map((purchase, i) => {
        rememberPurchase(this.eventStore, purchase, rest[i].nextExpectedRevision, rest[i].position);
        if (comparePositions(rest[i].position, position) > 0) position = rest[i].position;
        return purchasedView(purchase, rest[i].nextExpectedRevision, placed.data.placedAt);
      });
      return { subscriptions, position, revision: customerResult.nextExpectedRevision, placedEventId, order: placed.data };
    }
    throw new ConcurrencyConflictError(baseStream ? `${stream} or ${baseStream}` : stream, MAX_ATTEMPTS);
  }

  /**
   * R10: a key is the partner's, and the order id is made from partner and key, so its
   * subscriptions' ids are the same whichever customer the key is used for. A customer's
   * stream only knows its own keys: the first subscription of the order already written
   * for another customer shows the key was used there. Checked before appending, because a
   * store that appends stream by stream would otherwise write this customer's OrderPlaced first.
   */
  private async refuseKeyOfAnotherCustomer(order: OrderPlaced['data'], idempotencyKey: string): Promise<void> {
    const [first] = await this.eventStore.readStream(subscriptionStream(order.lines[0].subscriptionId), { maxCount: 1 });
    if (first && first.data.customerId !== order.customerId) {
      throw new DomainError('idempotency-key-reused', `Idempotency-Key ${idempotencyKey} was used for an order of another customer: use a new key`);
    }
  }

  /** The streams the decision reads, from the cache (null when either is not cached). */
  private cached(stream: string, baseStream: string | null): OrderStreams | null {
    const customer = cachedStream(this.eventStore, stream, customerDecider);
    const base = baseStream ? cachedStream(this.eventStore, baseStream, subscriptionModel) : null;
    if (!customer || (baseStream && !base)) return null;
    return { customer, base, read: false };
  }

  private async load(stream: string, baseStream: string | null): Promise<OrderStreams> {
    const [customer, base] = await Promise.all([
      loadStream(this.eventStore, stream, customerDecider),
      baseStream ? loadStream(this.eventStore, baseStream, subscriptionModel) : Promise.resolve(null),
    ]);
    return { customer, base, read: true };
  }

  private async decide(
    { request, idempotencyKey, context }: PlaceOrderCommand,
    orderId: string,
    { customer: { state, revision }, base }: OrderStreams,
  ): Promise<{ decision: OrderDecision; now: Date }> {
    const partnerId = context.actor.partnerId;
    if (state.status !== 'created' || state.partnerId !== partnerId) throw new NotFoundError('customer', request.customerId);
    if (request.parentSubscriptionId) {
      const parent = base?.state;
      if (!parent || !isSubscription(parent) || parent.partnerId !== partnerId || parent.customerId !== request.customerId) {
        throw new NotFoundError('subscription', request.parentSubscriptionId);
      }
    }
    if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
      throw new PreconditionFailedError(customerStream(request.customerId), context.expectedRevision, revision ?? -1);
    }
    const now = this.clock.now();
    const order = await this.contexts.load(state, request.lines, now);
    const decision = decideOrder(
      {
        type: 'PlaceOrder',
        customerId: request.customerId,
        partnerId,
        orderId,
        idempotencyKey,
        requestHash: requestHash(request),
        lines: request.lines.map((line, index) => ({ ...line, subscriptionId: deterministicId('subscription', orderId, String(index)) })),
      },
      state,
      base?.state ?? null,
      { now, order },
    );
    return { decision, now };
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
    const refused = await this.completion.complete(order, { ...context, causationId: recorded.id, expectedRevision: undefined });
    if (refused.length > 0 && !(await this.bought(refused))) {
      // R15, R18: only where a store that appends stream by stream stopped after the
      // OrderPlaced and the base stopped being active before the rest was written.
      throw new DomainError('subscription-not-active', `subscription ${order.parentSubscriptionId} stopped being active before add-on order ${order.orderId} was completed: nothing was bought; buy it again once the subscription is active`);
    }
    return { ...(await this.answer(order)), revision: recorded.revision };
  }

  private async bought(subscriptionIds: string[]): Promise<boolean> {
    for (const id of subscriptionIds) if ((await this.eventStore.readStream(subscriptionStream(id), { maxCount: 1 })).length === 0) return false;
    return true;
  }

  /** The answer is rebuilt from the log, so a repeated key gets byte-identical JSON. */
  private async answer(order: OrderPlaced['data']): Promise<Omit<PlacedOrderAnswer, 'revision'>> {
    let position: Position | null = null;
    const subscriptions: SubscriptionView[] = [];
    for (const line of order.lines) {
      const program = line.option ? 'new-commerce' : 'legacy';
      const events = (await this.eventStore.readStream(subscriptionStream(line.subscriptionId))).filter(program === 'new-commerce' ? isNewCommercePurchaseEvent : isPurchaseEvent);
      if (events.length === 0) throw new Error(`subscription ${line.subscriptionId} of order ${order.orderId} is missing`);
      const last = events[events.length - 1];
      subscriptions.push(purchasedView({ program, subscriptionId: line.subscriptionId, events: events.map((e) => toDomainEvent<SubscriptionEvent | NewCommerceEvent>(e)) }, last.revision, order.placedAt));
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

/** R25: a new-commerce purchase's events: the purchase and its first cycle's charge (cycle 1 of term 1). */
function isNewCommercePurchaseEvent(event: RecordedEvent): boolean {
  return event.type === 'NewCommerceSubscriptionPurchased' || (event.type === 'NewCommerceCharged' && event.data.termNumber === 1 && event.data.cycle === 1 && event.data.kind !== 'quantity-increase');
}

/** The events a purchase wrote (later ones, even of the same order, are not part of the answer). */
function isPurchaseEvent(event: RecordedEvent): boolean {
  return event.type === 'SubscriptionPurchased' || (event.type === 'SubscriptionCharged' && event.data.kind === 'purchase');
}
