import { landingPeriod } from '@ledger/domain';
import { ReadDocument } from '../ports/read-store.port';
import { Projection } from '../projections/projection';
import { asChargeEvent, entryTimes } from './billing-events';
import { addEntry, InvoiceTotals, NO_TOTALS } from './invoice-totals';

/** R32: one customer's totals on one invoice. */
export interface InvoiceCustomerDocument extends ReadDocument, InvoiceTotals {
  partnerId: string;
  period: string;
  customerId: string;
}

export const invoiceCustomersProjection: Projection<InvoiceCustomerDocument> = {
  name: 'invoice-customers',
  version: 1,
  collection: 'invoice_customers',
  schema: { columns: { partnerId: 'text', period: 'text', customerId: 'text' }, indexes: [['partnerId', 'period', 'customerId']] },
  columns: (doc) => ({ partnerId: doc.partnerId, period: doc.period, customerId: doc.customerId }),
  documentId(event) {
    const entry = asChargeEvent(event);
    if (!entry) return null;
    const d = entry.data;
    return `${d.partnerId}:${landingPeriod(d.invoicePeriod, entryTimes(entry).occurredAt)}:${d.customerId}`;
  },
  evolve(current, event) {
    const entry = asChargeEvent(event);
    if (!entry) return null;
    const d = entry.data;
    const period = landingPeriod(d.invoicePeriod, entryTimes(entry).occurredAt);
    const base = current ?? { id: `${d.partnerId}:${period}:${d.customerId}`, partnerId: d.partnerId, period, customerId: d.customerId, ...NO_TOTALS };
    return { ...base, ...addEntry(base, entry) };
  },
};
