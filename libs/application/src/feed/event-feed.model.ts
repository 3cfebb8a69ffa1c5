import { CollectionSchema, ReadDocument } from '../ports/read-store.port';
import { IntegrationEvent } from './integration-event';
import { Actor } from '../ports/event-store.port';

/** One row per event of a partner, written once; `id` is the event's log position. */
export interface EventFeedDocument extends ReadDocument {
  event: IntegrationEvent & { actor: Actor; correlationId: string; causationId: string | null; effectiveAt: string };
}

export const EVENT_FEED_COLLECTION = 'event_feed';
export const EVENT_FEED_CHECKPOINT = 'event-feed.v1';
export const EVENT_FEED_LOOKUP_COLLECTION = 'event_feed_subscription_customers';

/**
 * R23: every filter of GET /v1/events is an index that starts with the partner and ends in
 * `id` (= position), so a page is one index range in log order, never a scan of the log.
 */
export const EVENT_FEED_SCHEMA: CollectionSchema = {
  columns: { partnerId: 'text', type: 'text', customerId: 'text', userId: 'text', occurredAt: 'text' },
  indexes: [['partnerId'], ['partnerId', 'type'], ['partnerId', 'customerId'], ['partnerId', 'userId'], ['partnerId', 'occurredAt']],
};
