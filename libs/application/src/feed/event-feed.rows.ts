import { businessTime, RecordedEvent } from '../ports/event-store.port';
import { DocumentWrite, Scalar } from '../ports/read-store.port';
import { partnerOf, toIntegrationEvent } from './integration-event';
import { EVENT_FEED_COLLECTION, EventFeedDocument } from './event-feed.model';

/**
 * R23, pure: one feed row per partner event, keyed by its position, written once. A
 * redelivered event makes the same row at the same `_position`, which the store's guard
 * refuses: a replay is harmless.
 */
export function eventFeedRows(batch: RecordedEvent[], customers: ReadonlyMap<string, string | null>): DocumentWrite[] {
  const writes: DocumentWrite[] = [];
  for (const event of batch) {
    const partnerId = partnerOf(event);
    if (partnerId === null) continue;
    const body = toIntegrationEvent(event, partnerId, customers.get(event.id) ?? null);
    const doc: EventFeedDocument = {
      id: event.position,
      _position: event.position,
      event: {
        ...body,
        effectiveAt: businessTime(event.metadata),
        actor: event.metadata.actor,
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId,
      },
    };
    const columns: Record<string, Scalar> = { partnerId, type: event.type, customerId: body.customerId, userId: event.metadata.actor.userId, occurredAt: body.occurredAt };
    writes.push({ collection: EVENT_FEED_COLLECTION, doc, columns });
  }
  return writes;
}
