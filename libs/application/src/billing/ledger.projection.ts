import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';

export interface LedgerDocument extends ReadDocument {
  partnerId: string;
  customerId: string;
  kind: 'charge' | 'credit';
  subscriptionId: string;
  orderId: string;
  /** Integer cents: sums stay exact; the API shows money strings. */
  amountCents: number;
  invoicePeriod: string;
  occurredAt: string;
  reason: string;
}

const LEDGER_EVENTS = new Set(['SubscriptionCharged', 'SubscriptionCredited', 'NewCommerceCharged', 'NewCommerceCredited']);

/** `ledger` (R20): one entry per charge or credit event, on the invoice period it lands on. */
export const ledgerProjection: Projection<LedgerDocument> = {
  name: 'ledger',
  // 2: columns, counters and the document shaped by its queries (issue 9).
  // 3: new-commerce charges and credits (R26-R28), their R32 charge type as `reason`.
  version: 3,
  collection: 'ledger',
  writeOnce: true,
  // A customer's ledger, oldest first, paged: (customerId, occurredAt, id).
  schema: { columns: { partnerId: 'text', customerId: 'text', occurredAt: 'text' }, indexes: [['customerId', 'occurredAt']] },
  columns: (doc) => ({ partnerId: doc.partnerId, customerId: doc.customerId, occurredAt: doc.occurredAt }),
  documentId: (event) => (LEDGER_EVENTS.has(event.type) ? event.id : null),
  evolve: (_current, event) => {
    if (event.type === 'NewCommerceCharged') {
      const d = event.data;
      return { id: event.id, partnerId: d.partnerId, customerId: d.customerId, kind: 'charge', subscriptionId: d.subscriptionId, orderId: d.orderId, amountCents: d.amountCents, invoicePeriod: d.invoicePeriod, occurredAt: d.chargedAt, reason: d.kind };
    }
    if (event.type === 'NewCommerceCredited') {
      const d = event.data;
      return { id: event.id, partnerId: d.partnerId, customerId: d.customerId, kind: 'credit', subscriptionId: d.subscriptionId, orderId: d.orderId, amountCents: d.amountCents, invoicePeriod: d.invoicePeriod, occurredAt: d.creditedAt, reason: d.kind };
    }
    if (event.type === 'SubscriptionCharged') {
      const d = event.data;
      return { id: event.id, partnerId: d.partnerId, customerId: d.customerId, kind: 'charge', subscriptionId: d.subscriptionId, orderId: d.orderId, amountCents: d.amountCents, invoicePeriod: d.invoicePeriod, occurredAt: d.chargedAt, reason: d.kind };
    }
    if (event.type !== 'SubscriptionCredited') return null;
    const d = event.data;
    return { id: event.id, partnerId: d.partnerId, customerId: d.customerId, kind: 'credit', subscriptionId: d.subscriptionId, orderId: d.orderId, amountCents: d.amountCents, invoicePeriod: d.invoicePeriod, occurredAt: d.creditedAt, reason: d.kind };
  },
};
