import { Inject, Injectable } from '@nestjs/common';
import { DomainError, effectiveAtOf, OrderPlaced, subscriptionDecider } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore, Position } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext } from '../commands/command-context';
import { cachedStream, decideAndAppend } from '../commands/stream-decision';
import { deterministicId } from '../commands/deterministic-id';
import { isSubscription, subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';
import { linePurchase } from './order-purchases';

/**
 * R7, R15: what an OrderPlaced requires, made true: every line's subscription exists (the
 * purchase as decided at the order's instant, with deterministic ids) and every add-on is
 * attached to its base. Idempotent: what exists is found, not written again. Used by a
 * repeated Idempotency-Key and by the order-completion workflow after a crash.
 */
@Injectable()
export class OrderCompletion {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  private get deps() {
    return { eventStore: this.eventStore, clock: this.clock, ids: this.ids };
  }

  async complete(order: OrderPlaced['data'], context: CommandContext): Promise<void> {
    for (const [index, line] of order.lines.entries()) {
      if (this.knownDone(order, line.subscriptionId)) continue;
      const purchase = linePurchase(order, index);
      await decideAndAppend(this.deps, {
        stream: purchase.stream,
        model: subscriptionModel,
        context,
        eventId: (_event, i) => purchase.eventIds[i],
        effectiveAt: effectiveAtOf,
        decide: (state) => (state.status !== 'none' ? [] : purchase.events),
      });
      if (order.parentSubscriptionId) await this.attach(order.parentSubscriptionId, line.subscriptionId, line.offer.offerId, order.orderId, context);
    }
  }

  /**
   * Done by what this process has just written (the inline path): the subscription exists
   * and, for an add-on, its base lists it. Streams never lose events, so a cached fact
   * stands; anything not cached is checked on the log.
   */
  private knownDone(order: OrderPlaced['data'], subscriptionId: string): boolean {
    const bought = cachedStream(this.eventStore, subscriptionStream(subscriptionId), subscriptionModel);
    if (!bought || bought.state.status === 'none') return false;
    if (!order.parentSubscriptionId) return true;
    const base = cachedStream(this.eventStore, subscriptionStream(order.parentSubscriptionId), subscriptionModel);
    return base !== null && isSubscription(base.state) && base.state.addOnIds.includes(subscriptionId);
  }

  /** Position of the AddOnAttached appended, or null when the base took none. */
  async attach(baseId: string, addOnId: string, offerId: string, orderId: string, context: CommandContext): Promise<Position | null> {
    const result = await decideAndAppend(this.deps, {
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
    return result.appended.length > 0 ? result.position : null;
  }
}
