import { Offer } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';

export type OfferDocument = ReadDocument & Offer & { catalogVersion: string };

/** `offers`: the catalog as listed by GET /v1/offers. */
export const offersProjection: Projection<OfferDocument> = {
  name: 'offers',
  // 2: columns, counters and the document shaped by its queries (issue 9).
  version: 2,
  collection: 'offers',
  // A catalog is tens of offers: filtered columns, no index needed beyond the id order.
  schema: { columns: { publisher: 'text', billingType: 'text', category: 'text' }, indexes: [] },
  columns: (doc) => ({ publisher: doc.publisher, billingType: doc.billingType, category: doc.category }),
  documentId: (event) => (event.type === 'OfferPublished' ? event.data.offer.id : null),
  evolve: (_current, event) => (event.type === 'OfferPublished' ? { ...event.data.offer, catalogVersion: event.data.catalogVersion } : null),
};
