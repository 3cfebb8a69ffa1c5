import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { EVENT_FEED_CHECKPOINT, EVENT_FEED_COLLECTION, EVENT_FEED_LOOKUP_COLLECTION, EVENT_FEED_SCHEMA } from './event-feed.model';
import { eventFeedRows } from './event-feed.rows';
import { LogFollower } from './log-follower';
import { SubscriptionCustomers } from './subscription-customers';

/**
 * Worker side of R23: keeps the feed rows (and its subscription -> customer lookup) from
 * `$all` with its own checkpoint. Not a `Projection`: a row needs the customer of its
 * subscription, which only another document knows.
 */
@Injectable()
export class EventFeedWriter {
  private readonly logger = new Logger('event-feed');
  private follower: LogFollower | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async start(): Promise<void> {
    if (this.follower) return;
    await this.readStore.defineCollection(EVENT_FEED_COLLECTION, EVENT_FEED_SCHEMA);
    const customers = new SubscriptionCustomers(this.readStore, EVENT_FEED_LOOKUP_COLLECTION);
    await customers.define();
    this.follower = new LogFollower({
      name: 'event-feed',
      eventStore: this.eventStore,
      readStore: this.readStore,
      checkpoint: EVENT_FEED_CHECKPOINT,
      handle: async (batch) => {
        const lookup = await customers.resolve(batch);
        return [...lookup.writes, ...eventFeedRows(batch, lookup.customers)];
      },
      onError: (error) => this.logger.error(`event feed batch failed; retrying from the checkpoint: ${error.message}`),
    });
    await this.follower.start();
  }

  async stop(): Promise<void> {
    const follower = this.follower;
    this.follower = null;
    await follower?.stop();
  }
}

