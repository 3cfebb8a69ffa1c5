import { EventStore, Position } from '../ports/event-store.port';

/** A stream folded up to `revision` by `model` (states are immutable: evolve returns new ones). */
export interface CachedStream {
  model: object;
  state: unknown;
  revision: number;
  position: Position;
}

/** Streams kept per event store; the least recently used go first. */
const CAPACITY = 20_000;

/**
 * Folded state and revision of the streams command handlers touched last, so a command
 * reads only the events after the cached revision instead of its whole stream. It is
 * never the authority: the read of what follows catches up with other processes' appends,
 * and every append still states its expected revision.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(private readonly capacity = CAPACITY) {}

  get(stream: string, model: object): CachedStream | null {
    const entry = this.entries.get(stream);
    if (!entry || entry.model !== model) return null;
    // Map order is insertion order: re-inserting marks it as recently used.
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry;
  }

  /** Keeps the newer of what is cached and `entry` (two readers of one stream may race). */
  remember(stream: string, entry: CachedStream): void {
    const current = this.entries.get(stream);
    if (current && current.model === entry.model && current.revision >= entry.revision) return;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(stream: string): void {
    this.entries.delete(stream);
  }

  get size(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<EventStore, StreamStateCache>();

/** One cache per event store instance (tests open many stores in one process). */
export function streamStateCache(eventStore: EventStore): StreamStateCache {
  let cache = caches.get(eventStore);
  if (!cache) caches.set(eventStore, (cache = new StreamStateCache()));
  return cache;
}
