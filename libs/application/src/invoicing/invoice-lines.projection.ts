import { isCredit, landingPeriod, signedAmountCents } from '@ledger/domain';
import { ReadDocument } from '../ports/read-store.port';
import { Projection } from '../projections/projection';
import { asChargeEvent, entryTimes } from './billing-events';

/** R32: one line per charge or credit, on the invoice it lands on (R33). Details: invoice-subscriptions. */
export interface InvoiceLineDocument extends ReadDocument {
  partnerId: string;
  /** The invoice it lands on. */
  period: string;
  /** The entry's own invoice period (R20); differs from `period` for a late entry. */
  invoicePeriod: string;
  customerId: string;
  subscriptionId: string;
  credit: boolean;
  /** Negative for credits. */
  amountCents: number;
  occurredAt: string;
  effectiveAt: string;
  /** Its place in the log: lines are listed in log order. */
  logPosition: string;
}

export const invoiceLinesProjection: Projection<InvoiceLineDocument> = {
  name: 'invoice-lines',
  version: 1,
  collection: 'invoice_lines',
  writeOnce: true,
  schema: {
    columns: { partnerId: 'text', period: 'text', customerId: 'text', logPosition: 'text' },
    indexes: [
      ['partnerId', 'period', 'logPosition'],
      ['partnerId', 'period', 'customerId', 'logPosition'],
    ],
  },
  columns: (doc) => ({ partnerId: doc.partnerId, period: doc.period, customerId: doc.customerId, logPosition: doc.logPosition }),
  documentId: (event) => (asChargeEvent(event) ? event.id : null),
  evolve(_current, event) {
    const entry = asChargeEvent(event);
    if (!entry) return null;
    const d = entry.data;
    const { occurredAt, effectiveAt } = entryTimes(entry);
    return {
      id: event.id,
      partnerId: d.partnerId,
      period: landingPeriod(d.invoicePeriod, occurredAt),
      invoicePeriod: d.invoicePeriod,
      customerId: d.customerId,
      subscriptionId: d.subscriptionId,
      credit: isCredit(entry),
      amountCents: signedAmountCents(entry),
      occurredAt,
      effectiveAt,
      logPosition: event.position,
    };
  },
};
