import { DomainEvent } from '@ledger/domain';
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

export function toDomainEvent<E extends DomainEvent>(event: RecordedEvent): E {
  return { type: event.type, data: upcast(event) } as E;
}
