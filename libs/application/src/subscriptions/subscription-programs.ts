import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { cachedStream } from '../commands/stream-decision';
import { newCommerceModel, subscriptionModel, subscriptionStream } from './subscription-streams';

export type SubscriptionProgram = 'legacy' | 'new-commerce';

/** Streams whose programme is known; it never changes, so forgetting is only about memory. */
const CAPACITY = 50_000;

/**
 * R25: which decider a subscription's commands go to, from its stream's first event (a
 * stream holds one programme's events only). Unknown stream: 'legacy', whose handler then
 * answers 404 as before.
 */
@Injectable()
export class SubscriptionPrograms {
  private readonly known = new Map<string, SubscriptionProgram>();

  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  async of(subscriptionId: string): Promise<SubscriptionProgram> {
    const stream = subscriptionStream(subscriptionId);
    const known = this.known.get(stream);
    if (known) return known;
    const legacy = cachedStream(this.eventStore, stream, subscriptionModel);
    if (legacy && legacy.state.status !== 'none') return this.remember(stream, 'legacy');
    const newCommerce = cachedStream(this.eventStore, stream, newCommerceModel);
    if (newCommerce && newCommerce.state.status !== 'none') return this.remember(stream, 'new-commerce');
    const [first] = await this.eventStore.readStream(stream, { maxCount: 1 });
    if (!first) return 'legacy';
    return this.remember(stream, first.type === 'NewCommerceSubscriptionPurchased' ? 'new-commerce' : 'legacy');
  }

  private remember(stream: string, program: SubscriptionProgram): SubscriptionProgram {
    if (this.known.size >= CAPACITY) this.known.delete(this.known.keys().next().value!);
    this.known.set(stream, program);
    return program;
  }
}
