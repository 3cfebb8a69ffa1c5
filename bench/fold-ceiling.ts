/**
 * The ceiling of any rebuild over a log (run as a child by measure-rebuild.ts): read it,
 * upcast every event and fold it into every projection's documents, all in memory (a heap
 * big enough for every document), with no store, no serialisation and no counters. Prints
 * one JSON line: { events, seconds, perProjection: { name: seconds } }.
 */
import { ALL_PROJECTIONS, currentEvent, foldEvents, ReadDocument } from '../libs/application/src';
import { SqliteEventStore } from '../libs/infrastructure/src/event-store/sqlite/sqlite-event-store';

async function foldAll(eventsDb: string): Promise<void> {
  const store = SqliteEventStore.open(eventsDb);
  const documents = ALL_PROJECTIONS.map(() => new Map<string, ReadDocument | null>());
  const spent = ALL_PROJECTIONS.map(() => 0n);
  let events = 0;
  const start = process.hrtime.bigint();
  for await (const batch of store.readAll({ batchSize: 2000 })) {
    const current = batch.map(currentEvent);
    events += current.length;
    ALL_PROJECTIONS.forEach((projection, i) => {
      const from = process.hrtime.bigint();
      foldEvents(projection, documents[i], current);
      spent[i] += process.hrtime.bigint() - from;
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  const perProjection = Object.fromEntries(ALL_PROJECTIONS.map((p, i) => [p.name, Number(spent[i]) / 1e9]));
  console.log(JSON.stringify({ events, seconds, perProjection }));
}

foldAll(process.argv[2]).catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});
