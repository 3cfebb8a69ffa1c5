import { setTimeout } from 'node:timers/promises';

export interface LiveBatchOptions {
  batchSize: number;
  /** How long a batch waits for more after its first event, while events come sparsely. */
  ageMs: number;
  /**
   * While they come densely (the last batch took more than its first event), each batch
   * waits twice as long as the last, up to this; a batch of a single event, or a first
   * event that was waited for longer than `ageMs`, sets it back.
   */
  maxAgeMs?: number;
}

/**
 * Cuts a live event stream into batches by age: a batch starts with the next event and
 * takes what arrives within its age (or until `batchSize`), so the lag stays at a few ms
 * at a low rate, while under load fewer, bigger batches share the followers' commits.
 */
export async function* liveBatches<T>(source: AsyncIterable<T>, { batchSize, ageMs, maxAgeMs = ageMs }: LiveBatchOptions): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  let age = ageMs;
  for (;;) {
    const asked = Date.now();
    const first = await (pending ?? iterator.next());
    pending = null;
    if (first.done) return;
    // Waited for it: the stream has gone sparse.
    if (Date.now() - asked > ageMs) age = ageMs;
    const batch = [first.value];
    const deadline = setTimeout(age, undefined);
    let ended = false;
    while (batch.length < batchSize) {
      pending = iterator.next();
      const more = await Promise.race([pending, deadline]);
      if (more === undefined) break;
      pending = null;
      if (more.done) {
        ended = true;
        break;
      }
      batch.push(more.value);
    }
    age = batch.length > 1 ? Math.min(age * 2, maxAgeMs) : ageMs;
    yield batch;
    if (ended) return;
  }
}
