import { ReadDocument } from '../ports/read-store.port';

/** A cached document, the version last written to the store, and whether it changed since. */
export interface CachedDocument {
  doc: ReadDocument | null;
  written: ReadDocument | null;
  dirty: boolean;
}

/**
 * The documents of one replay, bounded, in two generations: when the young one is full
 * it becomes the old one and the previous old one leaves (O(1) per operation; deleting
 * the oldest entry of one big Map leaves holes that every later eviction walks over).
 * Documents that leave while dirty are handed back to be written (write-back).
 */
export class DocumentCache {
  private young = new Map<string, CachedDocument>();
  private old = new Map<string, CachedDocument>();
  private evicted: Array<[string, CachedDocument]> = [];

  constructor(private readonly capacity: number) {}

  get(id: string): CachedDocument | undefined {
    const young = this.young.get(id);
    if (young !== undefined) return young;
    const old = this.old.get(id);
    if (old !== undefined) {
      this.old.delete(id);
      this.put(id, old);
    }
    return old;
  }

  put(id: string, entry: CachedDocument): void {
    this.young.set(id, entry);
    if (this.young.size >= this.capacity / 2) {
      for (const leaving of this.old) if (leaving[1].dirty) this.evicted.push(leaving);
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** Dirty documents to write now: those evicted, or (`all`) every one; they are then clean. */
  takeDirty(all: boolean): Array<[string, CachedDocument]> {
    const dirty = this.evicted;
    this.evicted = [];
    if (all) for (const generation of [this.old, this.young]) for (const entry of generation) if (entry[1].dirty) dirty.push(entry);
    return dirty;
  }
}
