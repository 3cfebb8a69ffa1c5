/**
 * Child process for the kill test: catches a counting projection up over an events file
 * into a read file, printing each committed position. Run with tsx (path aliases).
 */
import { ProjectionRunner } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { countingProjection } from './counting-projection';

async function main(): Promise<void> {
  const [eventsFile, readFile, batchSize] = process.argv.slice(2);
  const eventStore = SqliteEventStore.open(eventsFile);
  const readStore = EmbeddedReadStore.open(readFile);
  const runner = new ProjectionRunner({
    eventStore,
    readStore,
    projections: [countingProjection()],
    batchSize: Number(batchSize),
    onProgress: ({ position }) => process.stdout.write(`${position}\n`),
  });
  await runner.catchUp();
  process.stdout.write('done\n');
  await Promise.all([eventStore.close(), readStore.close()]);
}

void main();
