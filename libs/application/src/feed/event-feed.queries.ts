import { setTimeout } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { comparePositions, Position } from '../ports/event-store.port';
import { Filter, READ_STORE, ReadStore } from '../ports/read-store.port';
import { EVENT_FEED_CHECKPOINT, EVENT_FEED_COLLECTION, EVENT_FEED_SCHEMA, EventFeedDocument } from './event-feed.model';

export interface EventFeedQuery {
  partnerId: string;
  after: Position | null;
  types: string[] | null;
  customerId: string | null;
  userId: string | null;
  from: string | null;
  to: string | null;
  limit: number;
}

export interface EventFeedPage {
  items: EventFeedDocument['event'][];
  /** The last item's position: pass it as `after` for the next page; null at the end. */
  nextCursor: string | null;
}

/** R23: a partner's events in log order, one index range per request (the filters lead with the partner). */
@Injectable()
export class EventFeedQueries {
  private defined: Promise<void> | null = null;

  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async page(query: EventFeedQuery): Promise<EventFeedPage> {
    this.defined ??= this.readStore.defineCollection(EVENT_FEED_COLLECTION, EVENT_FEED_SCHEMA);
    await this.defined;
    const filter: Filter = { partnerId: query.partnerId };
    if (query.after !== null) filter.id = { $gt: query.after };
    if (query.types) filter.type = query.types.length === 1 ? query.types[0] : { $in: query.types };
    if (query.customerId !== null) filter.customerId = query.customerId;
    if (query.userId !== null) filter.userId = query.userId;
    if (query.from !== null || query.to !== null) filter.occurredAt = { ...(query.from !== null && { $gte: query.from }), ...(query.to !== null && { $lte: query.to }) };
    const page = await this.readStore.find<EventFeedDocument>(EVENT_FEED_COLLECTION, filter, { limit: query.limit });
    const items = page.items.map((doc) => doc.event);
    return { items, nextCursor: page.nextCursor === null ? null : items[items.length - 1].position };
  }

  /** Waits (up to `timeoutMs`) until the feed has processed `position`. */
  async waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (comparePositions(await this.readStore.getCheckpoint(EVENT_FEED_CHECKPOINT), position) >= 0) return true;
      if (Date.now() >= deadline) return false;
      await setTimeout(20);
    }
  }
}
