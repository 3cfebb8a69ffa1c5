import { ReadDocument } from '../ports/read-store.port';

/** A bounded map of documents (null: known absent), oldest dropped first; for one replay only. */
export class DocumentCache {
  private readonly entries = new Map<string, ReadDocument | null>();

  constructor(private readonly capacity: number) {}

  get(id: string): ReadDocument | null | undefined {
    return this.entries.get(id);
  }

  set(id: string, doc: ReadDocument | null): void {
    this.entries.delete(id);
    this.entries.set(id, doc);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
