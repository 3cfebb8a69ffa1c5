import { money, Money, SubscriptionCharged, SubscriptionCredited } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';

export interface LedgerDocument extends ReadDocument {
  partnerId: string;
  customerId: string;
  kind: 'charge' | 'credit';
  subscriptionId: string;
  orderId: string;
  amount: Money;
  invoicePeriod: string;
  occurredAt: string;
  reason: string;
}

/** `ledger` (R20): one entry per charge or credit event, on the invoice period it lands on. */
export const ledgerProjection: Projection<LedgerDocument> = {
  name: 'ledger',
  collection: 'ledger',
  indexes: [{ fields: [{ field: 'partnerId', direction: 'asc' }, { field: 'customerId', direction: 'asc' }, { field: 'occurredAt', direction: 'asc' }] }],
  documentId: (event) => (event.type === 'SubscriptionCharged' || event.type === 'SubscriptionCredited' ? event.id : null),
  evolve: (_current, event) => {
    if (event.type === 'SubscriptionCharged') {
      const d = event.data as SubscriptionCharged['data'];
      return { id: event.id, partnerId: d.partnerId, customerId: d.customerId, kind: 'charge', subscriptionId: d.subscriptionId, orderId: d.orderId, amount: money(d.amountCents), invoicePeriod: d.invoicePeriod, occurredAt: d.chargedAt, reason: d.kind };
    }
    const d = event.data as SubscriptionCredited['data'];
    return { id: event.id, partnerId: d.partnerId, customerId: d.customerId, kind: 'credit', subscriptionId: d.subscriptionId, orderId: d.orderId, amount: money(d.amountCents), invoicePeriod: d.invoicePeriod, occurredAt: d.creditedAt, reason: d.kind };
  },
};
