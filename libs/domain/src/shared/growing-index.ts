/**
 * An immutable index that only grows (a stream's state keeps one entry per key ever seen,
 * e.g. a customer's orders by Idempotency-Key). `with` returns a new version in O(1),
 * sharing storage with the version it grew from; every version sees exactly its own
 * entries. Copying an object or Map per event instead made a customer's 400th order
 * cost half as much again as its first (each order copied every earlier key).
 */
export class GrowingIndex<V> {
  private constructor(
    /** Shared by the versions of one line of growth: key -> value and the version that added it. */
    private readonly entries: Map<string, { value: V; addedAt: number }>,
    /** How many entries this version sees (those added before it). */
    readonly size: number,
    /** The size of the newest version on `entries`: growing an older one must copy. */
    private readonly head: { size: number },
  ) {}

  static empty<V>(): GrowingIndex<V> {
    return new GrowingIndex<V>(new Map(), 0, { size: 0 });
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.addedAt < this.size ? entry.value : undefined;
  }

  /** A new version with `key` (which this version must not hold: entries are never replaced). */
  with(key: string, value: V): GrowingIndex<V> {
    if (this.get(key) !== undefined) throw new Error(`GrowingIndex: ${key} is already indexed`);
    if (this.head.size === this.size && !this.entries.has(key)) {
      this.entries.set(key, { value, addedAt: this.size });
      this.head.size = this.size + 1;
      return new GrowingIndex(this.entries, this.size + 1, this.head);
    }
    // This version was grown already (another line of growth) or a later version holds the key: copy what it sees.
    const own = new Map<string, { value: V; addedAt: number }>();
    for (const [k, entry] of this.entries) if (entry.addedAt < this.size) own.set(k, entry);
    own.set(key, { value, addedAt: this.size });
    return new GrowingIndex(own, this.size + 1, { size: this.size + 1 });
  }

  /** Plain entries, in the order they were added (tests, diagnostics). */
  toObject(): Record<string, V> {
    const visible = [...this.entries].filter(([, entry]) => entry.addedAt < this.size).sort((a, b) => a[1].addedAt - b[1].addedAt);
    return Object.fromEntries(visible.map(([key, entry]) => [key, entry.value]));
  }

  toJSON(): Record<string, V> {
    return this.toObject();
  }
}
