import { CatalogEvent, CustomerEvent, DomainEvent, NEW_COMMERCE_EVENT_TYPES, NewCommerceEvent, SUBSCRIPTION_EVENT_TYPES, SubscriptionEvent } from '@ledger/domain';
import { RecordedEvent } from '../ports/event-store.port';
import { CURRENT_SCHEMA } from './command-context';

/**
 * Stored events are never edited (R21); an older schema is lifted here when read.
 * One function per (type, schema) that moves data one version up.
 */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;
const UPCASTERS: Record<string, Record<number, Upcaster>> = {
  // Schema 2 (R15 co-terming): add-ons bought before it keep their own anniversary.
  SubscriptionPurchased: { 1: (data) => ({ ...data, coTerm: data.coTerm ?? null }) },
  OrderPlaced: { 1: (data) => ({ ...data, baseTerm: data.baseTerm ?? null }) },
};

export function upcast(event: RecordedEvent): Record<string, unknown> {
  let data = event.data;
  for (let schema = event.metadata.schema ?? 1; schema < CURRENT_SCHEMA; schema++) {
    const step = UPCASTERS[event.type]?.[schema];
    if (step) data = step(data);
  }
  return data;
}

/** Every domain event the log holds, in its current schema. */
export type KnownEvent = SubscriptionEvent | NewCommerceEvent | CustomerEvent | CatalogEvent;

/**
 * A stored event as read models, workflows and stream folds see it: its place in the log
 * and metadata, and its data lifted to the current schema, typed by `type` (a switch on
 * `type` narrows `data`).
 */
export type CurrentEvent = Omit<RecordedEvent, 'type' | 'data'> & KnownEvent;

/**
 * The one boundary where stored events become current ones (DESIGN.md: an upcaster per
 * old version, never an edit). The projection runner and stream loading call it; no read
 * model reads stored `data` itself. The cast is the contract of the log: what is stored
 * under a type, lifted to the current schema, is that type's data.
 */
export function currentEvent(event: RecordedEvent): CurrentEvent {
  const data = upcast(event);
  return (data === event.data ? event : { ...event, data }) as CurrentEvent;
}

export function isSubscriptionEvent(event: CurrentEvent): event is Extract<CurrentEvent, { type: SubscriptionEvent['type'] }> {
  return SUBSCRIPTION_EVENT_TYPES.has(event.type);
}

/** R25: an event of a new-commerce subscription's stream. */
export function isNewCommerceEvent(event: CurrentEvent): event is Extract<CurrentEvent, { type: NewCommerceEvent['type'] }> {
  return NEW_COMMERCE_EVENT_TYPES.has(event.type);
}

/** The domain fact alone (type and current data), for folding a stream with a decider. */
export function toDomainEvent<E extends DomainEvent>(event: RecordedEvent): E {
  return { type: event.type, data: upcast(event) } as E;
}
