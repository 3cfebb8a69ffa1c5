import { CatalogEvent, Offer } from '@ledger/domain';
import { StreamModel } from '../commands/stream-decision';

/** The catalog stream folded into the offers it currently publishes. */
export const catalogModel: StreamModel<ReadonlyMap<string, Offer>, CatalogEvent> = {
  initialState: new Map(),
  evolve: (offers, event) => (event.type === 'OfferPublished' ? new Map(offers).set(event.data.offer.id, event.data.offer) : offers),
};
