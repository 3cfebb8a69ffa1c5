import { Filter, ReadDocument, ReadStore, SortKey } from '../ports/read-store.port';

/** Every document matching the filter, page by page (lists that are small per partner, replays). */
export async function findAll<T extends ReadDocument>(readStore: ReadStore, collection: string, filter: Filter, sort: SortKey[] = [], pageSize = 500): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await readStore.find<T>(collection, filter, { sort, limit: pageSize, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
