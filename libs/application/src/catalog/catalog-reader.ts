import { Inject, Injectable } from '@nestjs/common';
import { CATALOG_STREAM, Offer } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { loadStream } from '../commands/stream-decision';
import { catalogModel } from './catalog-model';

/**
 * The catalog as commands need it: exact (from the log, not a read model). The folded
 * catalog is cached with the other streams (stream-state-cache.ts), so each call reads only
 * what was published after it: nothing, usually (an index probe, no event decoded).
 */
@Injectable()
export class CatalogReader {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  async offers(): Promise<ReadonlyMap<string, Offer>> {
    return (await loadStream(this.eventStore, CATALOG_STREAM, catalogModel)).state;
  }
}
