import { Inject, Injectable } from '@nestjs/common';
import { DomainError, effectiveAtOf, newCommerceEffectiveAt, OrderPlaced, subscriptionDecider } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext } from '../commands/command-context';
import { cachedStream, decideAndAppend } from '../commands/stream-decision';
import { deterministicId } from '../commands/deterministic-id';
import { isSubscription, newCommerceModel, subscriptionModel, subscriptionStream } from '../subscriptions/subscription-streams';
import { linePurchase } from './order-purchases';

/** The id of the AddOnAttached that records an order's add-on on its base: the order handler and completion write the same one. */
export function attachEventId(orderId: string, baseId: string, addOnId: string): string {
  return deterministicId(orderId, baseId, 'attach', addOnId);
}

/**
 * R7, R15: what an OrderPlaced requires, made true: every line's subscription exists (the
 * purchase as decided at the order's instant, with deterministic ids) and every add-on is
 * attached to its base. Idempotent: what exists is found, not written again. Used by a
 * repeated Idempotency-Key and by the order-completion workflow after a crash.
 *
 * The order handler writes all of it in one atomic append (the base's AddOnAttached at the
 * revision its decision read), so here it is normally found done. What is left to finish
 * is a store that appends stream by stream (EventStoreDB) stopped part way, or an order
 * stored before the attachment moved into the order's append (AddOnAttached came after the
 * add-on then). An add-on is bought only once its base lists it (R15): the attachment
 * first, then the purchase; a base that no longer takes it (it stopped being active) gets
 * no add-on bought under it, and that line is answered as refused. A base event after the
 * attachment whose inline cascade found no add-on yet is followed by the add-on-cascade
 * workflow, which reaches it after this one has run on the OrderPlaced (the customer
 * stream is appended first, and workflows react in log order).
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

  /** Returns the subscription ids of the lines whose add-on its base refused (nothing was bought for them). */
  async complete(order: OrderPlaced['data'], context: CommandContext): Promise<string[]> {
    const refused: string[] = [];
    for (const [index, line] of order.lines.entries()) {
      if (this.knownDone(order, line.subscriptionId)) continue;
      if (order.parentSubscriptionId && !(await this.attach(order.parentSubscriptionId, line.subscriptionId, line.offer.offerId, order.orderId, context))) {
        refused.push(line.subscriptionId);
        continue;
      }
      const purchase = linePurchase(order, index);
      if (purchase.program === 'new-commerce') {
        await decideAndAppend(this.deps, {
          stream: purchase.stream,
          model: newCommerceModel,
          context,
          eventId: (_event, i) => purchase.eventIds[i],
          effectiveAt: newCommerceEffectiveAt,
          decide: (state) => (state.status !== 'none' ? [] : purchase.events),
        });
        continue;
      }
      await decideAndAppend(this.deps, {
        stream: purchase.stream,
        model: subscriptionModel,
        context,
        eventId: (_event, i) => purchase.eventIds[i],
        effectiveAt: effectiveAtOf,
        decide: (state) => (state.status !== 'none' ? [] : purchase.events),
      });
    }
    return refused;
  }

  /**
   * Done by what this process has just written (the inline path): the subscription exists
   * and, for an add-on, its base lists it. Streams never lose events, so a cached fact
   * stands; anything not cached is checked on the log.
   */
  private knownDone(order: OrderPlaced['data'], subscriptionId: string): boolean {
    const stream = subscriptionStream(subscriptionId);
    const bought = cachedStream(this.eventStore, stream, subscriptionModel) ?? cachedStream(this.eventStore, stream, newCommerceModel);
    if (!bought || bought.state.status === 'none') return false;
    if (!order.parentSubscriptionId) return true;
    const base = cachedStream(this.eventStore, subscriptionStream(order.parentSubscriptionId), subscriptionModel);
    return base !== null && isSubscription(base.state) && base.state.addOnIds.includes(subscriptionId);
  }

  /** True when the base lists the add-on (found, or attached now); false when the base refuses it (R15, R18: not active). */
  private async attach(baseId: string, addOnId: string, offerId: string, orderId: string, context: CommandContext): Promise<boolean> {
    try {
      const result = await decideAndAppend(this.deps, {
        stream: subscriptionStream(baseId),
        model: subscriptionModel,
        context,
        eventId: () => attachEventId(orderId, baseId, addOnId),
        decide: (state, now) => {
          if (!isSubscription(state) || state.addOnIds.includes(addOnId)) return [];
          return subscriptionDecider.decide({ type: 'AttachAddOn', addOnSubscriptionId: addOnId, offerId }, state, { now });
        },
      });
      return isSubscription(result.state) && result.state.addOnIds.includes(addOnId);
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }
}
