import { CollectionSchema, ReadDocument } from '../ports/read-store.port';
import { IntegrationEvent } from '../feed/integration-event';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event for one endpoint (id `<endpointId>:<eventId>`), from planning to its last attempt. */
export interface DeliveryDocument extends ReadDocument {
  endpointId: string;
  partnerId: string;
  eventId: string;
  eventType: string;
  position: string;
  /** Deliveries with the same key go out in log order (the subscription; else the event itself). */
  orderKey: string;
  status: DeliveryStatus;
  attempts: number;
  /** Start of the 3-day retry window (the first attempt, or the last redelivery). */
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  /** Pending for a disabled endpoint: out of the due index until the endpoint is enabled again. */
  parked: boolean;
  /** Bumped by every change after planning: orders the document's versions (see deliveryVersion). */
  revision: number;
  payload: IntegrationEvent;
}

export const DELIVERIES_COLLECTION = 'webhook_deliveries';
export const DELIVERY_PLANNER_CHECKPOINT = 'webhook-delivery-planner.v1';
export const PLANNER_ENDPOINTS_COLLECTION = 'webhook_planner_endpoints';
export const PLANNER_LOOKUP_COLLECTION = 'webhook_subscription_customers';
/** Counters for /metrics: no partner ids (API.md "Operations"). */
export const DELIVERY_COUNTERS_KEY = 'all';

/** `position` is a reserved column name: the event's position is the `eventPosition` column. */
export const DELIVERIES_SCHEMA: CollectionSchema = {
  columns: { endpointId: 'text', status: 'text', eventPosition: 'text', orderKey: 'text', dueAt: 'text', parkedEndpoint: 'text', lastAttemptAt: 'text' },
  indexes: [
    ['endpointId', 'eventPosition'],
    ['endpointId', 'status', 'eventPosition'],
    // What is due, and what is due per endpoint (a lane drains its own).
    ['dueAt'],
    ['endpointId', 'dueAt'],
    // Endpoints with parked deliveries (a skip-scan: one seek per disabled endpoint).
    ['parkedEndpoint'],
    // Head of line: an earlier pending delivery of the same subscription blocks a later one.
    ['endpointId', 'orderKey', 'status', 'eventPosition'],
    // The disabling rule: any success of the endpoint within the last 3 days.
    ['endpointId', 'status', 'lastAttemptAt'],
  ],
};

/**
 * Documents are guarded on `_position`. A planned delivery carries its event's position; each
 * later change appends its revision, which sorts after it, so a replayed planning (after a
 * crash) never resets a delivery that has moved on.
 */
export function deliveryVersion(position: string, revision: number): string {
  return revision === 0 ? position : `${position}#${String(revision).padStart(8, '0')}`;
}

export function deliveryColumns(doc: DeliveryDocument) {
  return {
    endpointId: doc.endpointId,
    status: doc.status,
    eventPosition: doc.position,
    orderKey: doc.orderKey,
    dueAt: doc.status === 'pending' && !doc.parked ? doc.nextAttemptAt : null,
    parkedEndpoint: doc.status === 'pending' && doc.parked ? doc.endpointId : null,
    lastAttemptAt: doc.lastAttemptAt,
  };
}

/** The change a document makes to the pending and failed counts. */
export function deliveryCounterDelta(before: DeliveryStatus | null, after: DeliveryStatus) {
  const share = (status: DeliveryStatus | null) => ({ pending: status === 'pending' ? 1 : 0, failed: status === 'failed' ? 1 : 0 });
  const a = share(before);
  const b = share(after);
  return [{ key: DELIVERY_COUNTERS_KEY, values: { pending: b.pending - a.pending, failed: b.failed - a.failed } }];
}

export const deliveryId = (endpointId: string, eventId: string) => `${endpointId}:${eventId}`;
