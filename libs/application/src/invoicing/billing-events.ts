import { BillingEvent, ChargeEvent, INVOICE_EVENT_TYPES, InvoiceEvent, isChargeEvent, NEW_COMMERCE_EVENT_TYPES, SUBSCRIPTION_EVENT_TYPES } from '@ledger/domain';
import { businessTime } from '../ports/event-store.port';
import { CurrentEvent } from '../commands/upcasting';

/** A log event as the invoicing read models see it: its place in the log and its fact. */
export type LoggedEvent<E> = Omit<CurrentEvent, 'type' | 'data'> & E;

/**
 * Both programmes' subscription events (new-commerce ones are not yet among the log's
 * known events everywhere, so they are recognised here by type).
 */
export function asBillingEvent(event: CurrentEvent): LoggedEvent<BillingEvent> | null {
  return SUBSCRIPTION_EVENT_TYPES.has(event.type) || NEW_COMMERCE_EVENT_TYPES.has(event.type) ? (event as unknown as LoggedEvent<BillingEvent>) : null;
}

export function asChargeEvent(event: CurrentEvent): LoggedEvent<ChargeEvent> | null {
  return isChargeEvent(event) ? (event as unknown as LoggedEvent<ChargeEvent>) : null;
}

export function asInvoiceEvent(event: CurrentEvent): LoggedEvent<InvoiceEvent> | null {
  return INVOICE_EVENT_TYPES.has(event.type) ? (event as unknown as LoggedEvent<InvoiceEvent>) : null;
}

/** When the entry was written (R33 decides its invoice by it) and when it took effect (R19). */
export function entryTimes(event: LoggedEvent<ChargeEvent>): { occurredAt: string; effectiveAt: string } {
  return { occurredAt: event.metadata.occurredAt, effectiveAt: businessTime(event.metadata) };
}
