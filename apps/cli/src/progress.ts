import { SingleBar, Presets } from 'cli-progress';
import { EventStore, eventsBetween } from '@ledger/application';

/** A progress bar on stderr (stdout stays clean for NDJSON and reports). */
export function progressBar(label: string, total: number | null): { update(done: number, rate?: number): void; stop(): void } {
  const format =
    total === null ? `${label} {value} events | {rate} events/s` : `${label} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta}s`;
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
  const size = Math.max(total ?? 1, 1);
  bar.start(size, 0, { rate: 0 });
  return {
    update: (done, rate = 0) => (total === null ? bar.update(done, { rate }) : bar.update(Math.min(done, size), { rate })),
    stop: () => bar.stop(),
  };
}

/** Events in the log without reading it: SQLite positions count events; other stores give no total. */
export async function eventTotal(eventStore: EventStore): Promise<number | null> {
  return eventsBetween(null, await eventStore.headPosition());
}
