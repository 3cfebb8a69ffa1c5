import { Offer, OfferPublished } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';

export type OfferDocument = ReadDocument & Offer & { catalogVersion: string };

/** `offers`: the catalog as listed by GET /v1/offers. */
export const offersProjection: Projection<OfferDocument> = {
  name: 'offers',
  collection: 'offers',
  indexes: [{ fields: [{ field: 'publisher', direction: 'asc' }, { field: 'category', direction: 'asc' }] }],
  documentId: (event) => (event.type === 'OfferPublished' ? (event.data as OfferPublished['data']).offer.id : null),
  evolve: (_current, event) => {
    const { offer, catalogVersion } = event.data as OfferPublished['data'];
    return { ...offer, catalogVersion };
  },
};
