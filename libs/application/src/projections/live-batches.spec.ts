import { setTimeout as sleep } from 'node:timers/promises';
import { liveBatches } from './live-batches';

/** An endless live source the test pushes into. */
function pushSource() {
  const queued: number[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const source: AsyncIterable<number> = {
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<number>> {
        while (queued.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
        return queued.length > 0 ? { done: false, value: queued.shift()! } : { done: true, value: undefined };
      },
    }),
  };
  return {
    source,
    push(value: number) {
      queued.push(value);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
  };
}

async function collect(batches: AsyncGenerator<number[]>, into: number[][]): Promise<void> {
  for await (const batch of batches) into.push(batch);
}

describe('liveBatches', () => {
  it('takes a sparse stream event by event, each within the age', async () => {
    const live = pushSource();
    const batches: number[][] = [];
    const done = collect(liveBatches(live.source, { batchSize: 100, ageMs: 20, maxAgeMs: 200 }), batches);
    for (let i = 1; i <= 3; i++) {
      live.push(i);
      await sleep(60);
    }
    live.end();
    await done;
    expect(batches).toEqual([[1], [2], [3]]);
  });

  it('waits longer under a dense stream (fewer, bigger batches), and goes back to the short age after a batch of one', async () => {
    const live = pushSource();
    const batches: number[][] = [];
    const done = collect(liveBatches(live.source, { batchSize: 1000, ageMs: 20, maxAgeMs: 160 }), batches);
    let n = 0;
    const until = Date.now() + 600;
    while (Date.now() < until) {
      live.push(++n);
      await sleep(4);
    }
    const dense = batches.length;
    // Quiet, then two events 60 ms apart: past the short age, well within the long one.
    await sleep(400);
    live.push(-1);
    await sleep(60);
    live.push(-2);
    await sleep(60);
    live.end();
    await done;
    const sizes = batches.slice(0, dense).map((b) => b.length);
    expect(batches.flat().filter((v) => v > 0)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(Math.max(...sizes.slice(2))).toBeGreaterThan(2 * sizes[0]);
    expect(batches.slice(-2)).toEqual([[-1], [-2]]);
  });

  it('cuts a batch at batchSize', async () => {
    const live = pushSource();
    for (let i = 1; i <= 5; i++) live.push(i);
    live.end();
    const batches: number[][] = [];
    await collect(liveBatches(live.source, { batchSize: 2, ageMs: 50 }), batches);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });
});
