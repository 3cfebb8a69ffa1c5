import { evolveWebhookEndpoint, initialWebhookEndpointState, subscribesTo, WEBHOOK_ENDPOINT_STREAM_PREFIX, WebhookEndpointEvent, WebhookEndpointState } from '@ledger/domain';
import { comparePositions, RecordedEvent } from '../ports/event-store.port';
import { ReadDocument } from '../ports/read-store.port';
import { toDomainEvent } from '../commands/upcasting';
import { partnerOf, toIntegrationEvent } from '../feed/integration-event';
import { DeliveryDocument, deliveryId } from './delivery.model';

/** The planner's own view of an endpoint, as of the log position it has reached. */
export interface PlannerEndpointDocument extends ReadDocument {
  state: WebhookEndpointState;
}

export type PlannerEndpoints = ReadonlyMap<string, PlannerEndpointDocument>;

export interface PlannedBatch {
  endpoints: Map<string, PlannerEndpointDocument>;
  /** Endpoint documents changed by the batch (written with the deliveries). */
  changedEndpoints: PlannerEndpointDocument[];
  deliveries: DeliveryDocument[];
}

/**
 * The delivery process manager as a decider (R22), pure: events in, deliveries out.
 * Endpoint configuration comes from the same log, so each event is matched against the
 * endpoints as they were at its position (an endpoint created later never receives it).
 * Delivery ids are `<endpointId>:<eventId>`: planning an event twice gives the same rows.
 */
export function planDeliveries(endpoints: PlannerEndpoints, batch: RecordedEvent[], customers: ReadonlyMap<string, string | null>): PlannedBatch {
  const next = new Map(endpoints);
  const changed = new Map<string, PlannerEndpointDocument>();
  const deliveries: DeliveryDocument[] = [];
  for (const event of batch) {
    if (event.stream.startsWith(WEBHOOK_ENDPOINT_STREAM_PREFIX)) {
      const id = event.stream.slice(WEBHOOK_ENDPOINT_STREAM_PREFIX.length);
      const current = next.get(id);
      if (current && comparePositions(event.position, current._position) <= 0) continue;
      const state = evolveWebhookEndpoint(current?.state ?? initialWebhookEndpointState, toDomainEvent<WebhookEndpointEvent>(event));
      const doc = { id, _position: event.position, state };
      next.set(id, doc);
      changed.set(id, doc);
      continue;
    }
    const partnerId = partnerOf(event);
    if (partnerId === null) continue;
    const payload = toIntegrationEvent(event, partnerId, customers.get(event.id) ?? null);
    for (const { state } of next.values()) {
      if (state.status !== 'active' || !state.enabled || state.partnerId !== partnerId || !subscribesTo(state, event.type)) continue;
      deliveries.push({
        id: deliveryId(state.endpointId, event.id),
        _position: event.position,
        endpointId: state.endpointId,
        partnerId,
        eventId: event.id,
        eventType: event.type,
        position: event.position,
        orderKey: payload.subscriptionId ?? event.id,
        status: 'pending',
        attempts: 0,
        firstAttemptAt: null,
        lastAttemptAt: null,
        lastStatusCode: null,
        lastError: null,
        nextAttemptAt: event.metadata.occurredAt,
        parked: false,
        revision: 0,
        payload,
      });
    }
  }
  return { endpoints: next, changedEndpoints: [...changed.values()], deliveries };
}
