import { CATALOG_STREAM } from '@ledger/domain';
import { RecordedEvent } from '../ports/event-store.port';

/** An event as partners see it: a webhook body (API.md "Webhooks") and a feed item. */
export interface IntegrationEvent {
  id: string;
  type: string;
  occurredAt: string;
  position: string;
  partnerId: string;
  customerId: string | null;
  subscriptionId: string | null;
  data: Record<string, unknown>;
}

const SUBSCRIPTION_PREFIX = 'subscription-';
const CUSTOMER_PREFIX = 'customer-';

/** The catalog is shared by every partner: its events belong to none. */
export function partnerOf(event: RecordedEvent): string | null {
  if (event.stream === CATALOG_STREAM) return null;
  return event.metadata.actor.partnerId || null;
}

export function subscriptionIdOf(event: RecordedEvent): string | null {
  if (event.stream.startsWith(SUBSCRIPTION_PREFIX)) return event.stream.slice(SUBSCRIPTION_PREFIX.length);
  const id = event.data.subscriptionId;
  return typeof id === 'string' ? id : null;
}

/** The customer named by the event itself; subscription events mostly need a lookup (SubscriptionCustomers). */
export function ownCustomerIdOf(event: RecordedEvent): string | null {
  const id = event.data.customerId;
  if (typeof id === 'string') return id;
  return event.stream.startsWith(CUSTOMER_PREFIX) ? event.stream.slice(CUSTOMER_PREFIX.length) : null;
}

export function toIntegrationEvent(event: RecordedEvent, partnerId: string, customerId: string | null): IntegrationEvent {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    position: event.position,
    partnerId,
    customerId,
    subscriptionId: subscriptionIdOf(event),
    data: event.data,
  };
}
