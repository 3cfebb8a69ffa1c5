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
    if (query.customerId !== null) filter.customerId = query.customerId;
    if (query.userId !== null) filter.userId = query.userId;
    if (query.from !== null || query.to !== null) filter.occurredAt = { ...(query.from !== null && { $gte: query.from }), ...(query.to !== null && { $lte: query.to }) };
    // Several types: one (partner, type, position) range per type, merged by position, so no
    // page sorts every match of the types (an `$in` over the index would).
    const pages = await Promise.all(
      (query.types ?? [null]).map((type) => this.readStore.find<EventFeedDocument>(EVENT_FEED_COLLECTION, type === null ? filter : { ...filter, type }, { limit: query.limit })),
    );
    const merged = pages.flatMap((page) => page.items).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const items = merged.slice(0, query.limit).map((doc) => doc.event);
    const more = merged.length > query.limit || pages.some((page) => page.nextCursor !== null);
    return { items, nextCursor: more && items.length > 0 ? items[items.length - 1].position : null };
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
