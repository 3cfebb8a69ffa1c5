import { ReadDocument } from '../ports/read-store.port';
import { CounterContribution } from './projection';

/**
 * A cached document and the counter shares of its version last written to the store (all
 * a write needs of that version: keeping the whole of it would double the cache's memory).
 */
export interface CachedDocument {
  doc: ReadDocument | null;
  written: CounterContribution[];
}

/**
 * The documents of one replay, bounded, in two generations: when the young one is full
 * it becomes the old one and the previous old one leaves (O(1) per operation; deleting
 * the oldest entry of one big Map leaves holes that every later eviction walks over).
 * Changed documents are kept apart, so writing them never walks the whole cache; those
 * that leave while changed are handed back to be written (write-back). Until they are taken,
 * they are still found here: the store has an older version, or none.
 */
export class DocumentCache {
  private young = new Map<string, CachedDocument>();
  private old = new Map<string, CachedDocument>();
  private readonly dirty = new Map<string, CachedDocument>();
  private evicted = new Map<string, CachedDocument>();

  constructor(private capacity: number) {}

  get size(): number {
    return this.young.size + this.old.size;
  }

  get limit(): number {
    return this.capacity;
  }

  /** A new bound; when smaller than what is held, the older generation leaves at once. */
  resize(capacity: number): void {
    this.capacity = capacity;
    if (this.size > capacity) this.age();
  }

  get(id: string): CachedDocument | undefined {
    const young = this.young.get(id);
    if (young !== undefined) return young;
    const old = this.old.get(id);
    if (old !== undefined) {
      this.old.delete(id);
      this.put(id, old);
      return old;
    }
    // Left while changed and not yet written (a resize between batches): back in, still changed.
    const leaving = this.evicted.get(id);
    if (leaving !== undefined) {
      this.evicted.delete(id);
      this.dirty.set(id, leaving);
      this.put(id, leaving);
    }
    return leaving;
  }

  put(id: string, entry: CachedDocument): void {
    this.young.set(id, entry);
    if (this.young.size >= this.capacity / 2) this.age();
  }

  /** The young generation becomes the old one; the previous old one leaves (its changed documents to be written). */
  private age(): void {
    for (const [leaving, left] of this.old) {
      if (this.dirty.get(leaving) !== left) continue;
      this.dirty.delete(leaving);
      this.evicted.set(leaving, left);
    }
    this.old = this.young;
    this.young = new Map();
  }

  /** The document changed since it was last written. */
  markDirty(id: string, entry: CachedDocument): void {
    this.dirty.set(id, entry);
  }

  /** Changed documents to write now: those evicted, or (`all`) every one; they then count as written. */
  takeDirty(all: boolean): Array<[string, CachedDocument]> {
    const taken = [...this.evicted];
    this.evicted.clear();
    if (all) {
      for (const entry of this.dirty) taken.push(entry);
      this.dirty.clear();
    }
    return taken;
  }
}
