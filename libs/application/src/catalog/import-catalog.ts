import { CATALOG_STREAM, FieldError, isNewCommerce, Offer, OfferPublished, parseCatalog } from '@ledger/domain';
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
  const notYet = newCommerceNotWiredYet(offers);
  if (notYet.length > 0) throw new CatalogInvalidError(notYet);
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

/**
 * The domain knows the new-commerce rules (R25-R31), but ordering, billing timers and the read
 * side do not use them yet (issue 20): such offers would be sold under the legacy rules, so a
 * file holding one is refused whole rather than half honoured.
 */
function newCommerceNotWiredYet(offers: Offer[]): FieldError[] {
  return offers.flatMap((offer, i) =>
    isNewCommerce(offer) ? [{ field: `offers[${i}].program`, message: `"new-commerce" offers (${offer.id}) cannot be imported yet: ordering, billing cycles and the read side of R25-R31 are not built; import them as legacy offers or wait for that release` }] : [],
  );
}

function sameOffer(a: Offer | undefined, b: Offer): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
