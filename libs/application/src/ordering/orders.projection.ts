import { money, Money } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';

export interface OrderDocument extends ReadDocument {
  partnerId: string;
  customerId: string;
  placedAt: string;
  parentSubscriptionId: string | null;
  lines: Array<{
    subscriptionId: string;
    offerId: string;
    offerName: string;
    quantity: number | null;
    total: Money;
    /** R25, R30: new-commerce lines only (absent on legacy lines, whose documents are unchanged). */
    termDuration?: string;
    billingFrequency?: string;
    customTermEndDate?: string | null;
  }>;
  total: Money;
}

/** `orders`: one document per order, from OrderPlaced on the customer stream. */
export const ordersProjection: Projection<OrderDocument> = {
  name: 'orders',
  // 2: columns, counters and the document shaped by its queries (issue 9).
  version: 2,
  collection: 'orders',
  writeOnce: true,
  // Orders are read one at a time, by id: no list, so no access path beyond the id.
  schema: { columns: {}, indexes: [] },
  columns: () => ({}),
  documentId: (event) => (event.type === 'OrderPlaced' ? event.data.orderId : null),
  evolve: (_current, event) => {
    if (event.type !== 'OrderPlaced') return null;
    const order = event.data;
    return {
      id: order.orderId,
      partnerId: order.partnerId,
      customerId: order.customerId,
      placedAt: order.placedAt,
      parentSubscriptionId: order.parentSubscriptionId,
      lines: order.lines.map((line) => ({
        subscriptionId: line.subscriptionId,
        offerId: line.offer.offerId,
        offerName: line.offer.name,
        quantity: line.quantity,
        total: money(line.totalCents),
        ...(line.option ? { termDuration: line.option.termDuration, billingFrequency: line.option.billingFrequency, customTermEndDate: line.coTerm?.date ?? null } : {}),
      })),
      total: money(order.lines.reduce((sum, line) => sum + line.totalCents, 0)),
    };
  },
};
