import { setTimeout } from 'node:timers/promises';

/**
 * Cuts a live event stream into batches by age: a batch starts with the next event and
 * takes what arrives within `ageMs` (or until `batchSize`), so the lag stays at a few ms at
 * any rate while bursts still share one commit.
 */
export async function* liveBatches<T>(source: AsyncIterable<T>, { batchSize, ageMs }: { batchSize: number; ageMs: number }): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  for (;;) {
    const first = await (pending ?? iterator.next());
    pending = null;
    if (first.done) return;
    const batch = [first.value];
    const deadline = setTimeout(ageMs, undefined);
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
    yield batch;
    if (ended) return;
  }
}
