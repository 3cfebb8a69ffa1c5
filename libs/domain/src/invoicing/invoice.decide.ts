import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { InvoiceEvent } from './invoice.events';
import { billingDate, invoiceNumber } from './invoice-period';

export interface CloseInvoice {
  type: 'CloseInvoice';
  partnerId: string;
  period: string;
}

/** A partner's invoices stream: the periods closed so far, in closing order. */
export interface InvoiceBookState {
  closed: string[];
}

export const initialInvoiceBook: InvoiceBookState = { closed: [] };

export function evolveInvoiceBook(state: InvoiceBookState, event: InvoiceEvent): InvoiceBookState {
  return event.type === 'InvoiceClosed' ? { closed: [...state.closed, event.data.period] } : state;
}

/**
 * R33, a dated rule (R19): at or after its billing date the invoice closes once, with the
 * partner's next number. A repeated firing (another worker, a retry) finds it closed and
 * writes nothing; before the billing date it is refused.
 */
export function decideInvoiceBook(command: CloseInvoice, state: InvoiceBookState, { now }: { now: Date }): InvoiceEvent[] {
  if (state.closed.includes(command.period)) return [];
  const due = billingDate(command.period);
  if (now.getTime() < Date.parse(due)) throw new DomainError('invoice-not-due', `invoice ${command.period} stays open until ${due}`);
  const sequence = state.closed.length + 1;
  return [{ type: 'InvoiceClosed', data: { partnerId: command.partnerId, period: command.period, sequence, number: invoiceNumber(sequence), billingDate: due, closedAt: now.toISOString() } }];
}

export const invoiceBookDecider: Decider<CloseInvoice, InvoiceEvent, InvoiceBookState> = {
  initialState: initialInvoiceBook,
  evolve: evolveInvoiceBook,
  decide: decideInvoiceBook,
};
