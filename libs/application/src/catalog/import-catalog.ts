import { CATALOG_STREAM, FieldError, Offer, OfferPublished, parseCatalog } from '@ledger/domain';
import { Clock } from '../ports/clock.port';
import { EventStore } from '../ports/event-store.port';
import { IdGenerator } from '../ports/id-generator.port';
import { CommandContext } from '../commands/command-context';
import { decideAndAppend } from '../commands/stream-decision';
import { catalogModel } from './catalog-model';

export class CatalogInvalidError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`the catalog file is not valid (${errors.length} error${errors.length === 1 ? '' : 's'}): ${errors.slice(0, 3).map((e) => `${e.field} ${e.message}`).join('; ')}`);
    this.name = 'CatalogInvalidError';
  }
}

export interface ImportCatalogResult {
  published: string[];
  unchanged: number;
  position: string | null;
}

/**
 * R5: validates a whole catalog file, then publishes the offers that are new or changed
 * (a re-import of the same file appends nothing). Refuses the whole file on any error.
 */
export async function importCatalog(
  deps: { eventStore: EventStore; clock: Clock; ids: IdGenerator },
  file: unknown,
  context: CommandContext,
): Promise<ImportCatalogResult> {
  const parsed = parseCatalog(file);
  if (!parsed.ok) throw new CatalogInvalidError(parsed.errors);
  const { version, offers } = parsed.value;
  let published: string[] = [];
  const result = await decideAndAppend(deps, {
    stream: CATALOG_STREAM,
    model: catalogModel,
    context,
    decide: (current) => {
      const changed = offers.filter((offer) => !sameOffer(current.get(offer.id), offer));
      published = changed.map((offer) => offer.id);
      return changed.map((offer): OfferPublished => ({ type: 'OfferPublished', data: { offer, catalogVersion: version } }));
    },
  });
  return { published, unchanged: offers.length - published.length, position: result.position };
}

function sameOffer(a: Offer | undefined, b: Offer): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
