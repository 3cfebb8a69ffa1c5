import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr (stdout stays clean for NDJSON and reports). */
export function progressBar(label: string, total: number): { update(done: number): void; stop(): void } {
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} events`, stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
  bar.start(Math.max(total, 1), 0);
  return { update: (done) => bar.update(Math.min(done, Math.max(total, 1))), stop: () => bar.stop() };
}

/** Events in the log: the sqlite position is a count; other stores only give the head, so count once. */
export async function countEvents(readAll: AsyncIterable<unknown[]>): Promise<number> {
  let total = 0;
  for await (const batch of readAll) total += batch.length;
  return total;
}
