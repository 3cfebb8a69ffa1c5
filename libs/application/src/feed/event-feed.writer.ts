import { Inject, Injectable } from '@nestjs/common';
import { Position } from '../ports/event-store.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { LogBatch, LogProcessor } from '../consumer/log-processor';
import { readStoreProcessor } from '../consumer/read-store-processor';
import { EVENT_FEED_CHECKPOINT, EVENT_FEED_COLLECTION, EVENT_FEED_LOOKUP_COLLECTION, EVENT_FEED_SCHEMA } from './event-feed.model';
import { eventFeedRows } from './event-feed.rows';
import { SubscriptionCustomers } from './subscription-customers';

/**
 * Worker side of R23, a processor of the log consumer: keeps the feed rows (and its
 * subscription -> customer lookup) with its own checkpoint, committed with the rows. Not
 * a `Projection`: a row needs the customer of its subscription, which only another
 * document knows.
 */
@Injectable()
export class EventFeedWriter implements LogProcessor {
  readonly name = 'event-feed';
  private readonly processor: LogProcessor;

  constructor(@Inject(READ_STORE) readStore: ReadStore) {
    const customers = new SubscriptionCustomers(readStore, EVENT_FEED_LOOKUP_COLLECTION);
    this.processor = readStoreProcessor({
      name: this.name,
      readStore,
      checkpoint: EVENT_FEED_CHECKPOINT,
      beforeResume: async () => {
        await readStore.defineCollection(EVENT_FEED_COLLECTION, EVENT_FEED_SCHEMA);
        await customers.define();
      },
      write: async (batch) => {
        const lookup = await customers.resolve(batch);
        return [...lookup.writes, ...eventFeedRows(batch, lookup.customers)];
      },
    });
  }

  resume(): Promise<Position | null> {
    return this.processor.resume();
  }

  handle(batch: LogBatch): Promise<void> {
    return this.processor.handle(batch);
  }
}
