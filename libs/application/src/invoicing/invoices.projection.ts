import { billingDate, landingPeriod } from '@ledger/domain';
import { ReadDocument } from '../ports/read-store.port';
import { Projection } from '../projections/projection';
import { asChargeEvent, asInvoiceEvent, entryTimes } from './billing-events';
import { addEntry, InvoiceTotals, NO_TOTALS } from './invoice-totals';

/** R32, R33: a partner's invoice for one period, with its totals and, once closed, its number. */
interface InvoiceFields extends InvoiceTotals {
  id: string;
  partnerId: string;
  period: string;
  billingDate: string;
  status: 'open' | 'closed';
  number: string | null;
  closedAt: string | null;
}

export interface InvoiceDocument extends ReadDocument, InvoiceFields {}

export const invoiceId = (partnerId: string, period: string) => `${partnerId}:${period}`;

export const invoicesProjection: Projection<InvoiceDocument> = {
  name: 'invoices',
  version: 1,
  collection: 'invoices',
  schema: {
    columns: { partnerId: 'text', period: 'text', status: 'text', billingDateMs: 'integer' },
    // A partner's invoices, newest period first; the open ones falling due (the closing worker);
    // a period's invoices of every partner (the CLI's export).
    indexes: [['partnerId', 'period'], ['status', 'billingDateMs'], ['period', 'partnerId']],
  },
  columns: (doc) => ({ partnerId: doc.partnerId, period: doc.period, status: doc.status, billingDateMs: Date.parse(doc.billingDate) }),
  documentId(event) {
    const entry = asChargeEvent(event);
    if (entry) return invoiceId(entry.data.partnerId, landingPeriod(entry.data.invoicePeriod, entryTimes(entry).occurredAt));
    const closed = asInvoiceEvent(event);
    return closed ? invoiceId(closed.data.partnerId, closed.data.period) : null;
  },
  evolve(current, event) {
    const closed = asInvoiceEvent(event);
    if (closed) {
      const d = closed.data;
      const base = current ?? opened(d.partnerId, d.period);
      return { ...base, status: 'closed', number: d.number, closedAt: d.closedAt };
    }
    const entry = asChargeEvent(event);
    if (!entry) return null;
    const d = entry.data;
    const base = current ?? opened(d.partnerId, landingPeriod(d.invoicePeriod, entryTimes(entry).occurredAt));
    return { ...base, ...addEntry(base, entry) };
  },
};

function opened(partnerId: string, period: string): InvoiceFields {
  return { id: invoiceId(partnerId, period), partnerId, period, billingDate: billingDate(period), status: 'open', number: null, closedAt: null, ...NO_TOTALS };
}
