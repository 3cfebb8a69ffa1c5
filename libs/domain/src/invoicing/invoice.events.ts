import { DomainEvent } from '../shared/decider';

/**
 * R33: a partner's invoice for `period` closed with its number. One stream per partner
 * (`invoices-<partnerId>`): its revisions are the closing order, so the numbers are
 * gapless and two workers cannot both number (each append states its expected revision).
 */
export type InvoiceClosed = DomainEvent<'InvoiceClosed', {
  partnerId: string;
  period: string;
  /** 1, 2, 3...: the partner's closing order. */
  sequence: number;
  number: string;
  billingDate: string;
  closedAt: string;
}>;

export type InvoiceEvent = InvoiceClosed;

export const INVOICE_EVENT_TYPES: ReadonlySet<string> = new Set<InvoiceEvent['type']>(['InvoiceClosed']);

export const invoicesStream = (partnerId: string) => `invoices-${partnerId}`;
