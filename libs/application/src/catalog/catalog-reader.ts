import { Inject, Injectable } from '@nestjs/common';
import { CATALOG_STREAM, Offer } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { loadStream } from '../commands/stream-decision';
import { catalogModel } from './catalog-model';

/**
 * The catalog as commands need it: exact (from the log, not a read model), cached until
 * the catalog stream moves.
 */
@Injectable()
export class CatalogReader {
  private cached: { revision: number; offers: ReadonlyMap<string, Offer> } | null = null;

  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  async offers(): Promise<ReadonlyMap<string, Offer>> {
    const [last] = await this.eventStore.readStream(CATALOG_STREAM, { direction: 'backwards', maxCount: 1 });
    if (!last) return new Map();
    if (this.cached?.revision === last.revision) return this.cached.offers;
    const { state } = await loadStream(this.eventStore, CATALOG_STREAM, catalogModel);
    this.cached = { revision: last.revision, offers: state };
    return state;
  }
}
