import { CachedDocument, DocumentCache } from './document-cache';

const entry = (id: string, count: number): CachedDocument => ({ doc: { id, _position: String(count).padStart(16, '0'), count }, written: [] });

function fill(cache: DocumentCache, ids: string[], dirty: boolean): void {
  for (const id of ids) {
    const e = entry(id, 1);
    if (dirty) cache.markDirty(id, e);
    cache.put(id, e);
  }
}

describe('DocumentCache (a replay’s write-back cache)', () => {
  it('hands back a changed document that leaves, once; an unchanged one just leaves', () => {
    const cache = new DocumentCache(4);
    fill(cache, ['a', 'b'], true);
    fill(cache, ['c', 'd'], false);
    fill(cache, ['e', 'f'], false); // a and b leave with the old generation
    expect(cache.takeDirty(false).map(([id]) => id).sort()).toEqual(['a', 'b']);
    expect(cache.takeDirty(false)).toEqual([]);
    fill(cache, ['g', 'h'], false); // c and d leave, unchanged
    expect(cache.takeDirty(false)).toEqual([]);
    expect(cache.get('c')).toBeUndefined();
  });

  it('still finds a changed document that left and is not yet written (a resize between batches), and writes its latest version once', () => {
    const cache = new DocumentCache(6);
    fill(cache, ['a', 'b', 'c'], true); // the young generation is full: it becomes the old one
    cache.resize(2); // a shrink under memory pressure, before the batch that needs them: the old generation leaves
    const pending = cache.get('a');
    // Without it, the replay would fold the next event onto the store's older version (or onto nothing).
    expect(pending?.doc).toEqual({ id: 'a', _position: '0000000000000001', count: 1 });
    pending!.doc = { id: 'a', _position: '0000000000000002', count: 2 };
    cache.markDirty('a', pending!);
    cache.put('a', pending!);
    const all = cache.takeDirty(true);
    expect(all.map(([id]) => id).sort()).toEqual(['a', 'b', 'c']);
    expect(all.find(([id]) => id === 'a')![1].doc).toEqual({ id: 'a', _position: '0000000000000002', count: 2 });
    expect(cache.takeDirty(true)).toEqual([]);
  });
});
