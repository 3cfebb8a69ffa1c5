import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';

export interface CustomerDocument extends ReadDocument {
  partnerId: string;
  name: string;
  billingCountry: string;
  segment: string;
  createdAt: string;
  revision: number;
  /** R6 eligibility: subscriptions holding each one-per-customer offer. */
  heldOnePerCustomer: Record<string, string[]>;
}

/** `customers`: one document per customer, for lists and GET /v1/customers/:id. */
export const customerListProjection: Projection<CustomerDocument> = {
  name: 'customers',
  // 2: columns, counters and the document shaped by its queries (issue 9).
  version: 2,
  collection: 'customers',
  schema: { columns: { partnerId: 'text', createdAt: 'text' }, indexes: [['partnerId', 'createdAt']] },
  columns: (doc) => ({ partnerId: doc.partnerId, createdAt: doc.createdAt }),
  documentId: (event) => (event.stream.startsWith('customer-') ? event.stream.slice('customer-'.length) : null),
  evolve(current, event) {
    if (event.type === 'CustomerCreated') {
      const data = event.data;
      return {
        id: data.customerId,
        partnerId: data.partnerId,
        name: data.name,
        billingCountry: data.billingCountry,
        segment: data.segment,
        createdAt: data.createdAt,
        revision: event.revision,
        heldOnePerCustomer: {},
      };
    }
    if (event.type === 'OrderPlaced' && current) {
      const held = { ...current.heldOnePerCustomer };
      for (const line of event.data.lines) {
        if (line.onePerCustomer) held[line.offer.offerId] = [...(held[line.offer.offerId] ?? []), line.subscriptionId];
      }
      return { ...stripPosition(current), heldOnePerCustomer: held, revision: event.revision };
    }
    // Other customer-stream events (orders) only move the revision shown in ETags.
    return current ? { ...stripPosition(current), revision: event.revision } : null;
  },
};

function stripPosition({ _position, ...rest }: CustomerDocument): Omit<CustomerDocument, '_position'> {
  return rest;
}
