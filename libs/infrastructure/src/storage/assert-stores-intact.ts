import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PROJECTIONS, checkpointName, checkStoreIntegrity, EventStore, ReadStore, StoreIntegrityError } from '@ledger/application';
import { AppConfig } from '../config/app-config';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { openEventStore, openReadStore } from './open-stores';

/**
 * R21, before the service serves anything: the log file is sound (SQLite: zero bytes, not a
 * database, or damaged pages by PRAGMA quick_check), was not lost beside read models built
 * from it, and the read models were built from this log and are not ahead of it (see
 * checkStoreIntegrity). Throws StoreIntegrityError, whose message is the one line to print.
 * The stores are closed again: the app opens its own.
 */
export async function assertStoresIntact(config: AppConfig): Promise<void> {
  const eventLog = config.eventStoreUrl ? `EventStoreDB at ${hostOf(config.eventStoreUrl)}` : join(config.dataDir, 'events.db');
  const readModels = config.mongodbUrl ? `MongoDB at ${hostOf(config.mongodbUrl)}` : join(config.dataDir, 'read.db');
  const checkpointNames = ALL_PROJECTIONS.map(checkpointName);
  const opened: Array<EventStore | ReadStore> = [];
  try {
    const readStore = await openReadStore(config);
    opened.push(readStore);
    if (!config.eventStoreUrl && !existsSync(eventLog)) await refuseMissingLog(readStore, eventLog, readModels, checkpointNames);
    const eventStore = config.eventStoreUrl ? await openEventStore(config) : SqliteEventStore.open(eventLog, { quickCheck: true });
    opened.push(eventStore);
    await checkStoreIntegrity({ eventStore, readStore, eventLog, readModels, checkpointNames });
  } finally {
    await Promise.allSettled(opened.map((store) => store.close()));
  }
}

/** Opening a missing SQLite log would create an empty one: never beside read models that came from a log. */
async function refuseMissingLog(readStore: ReadStore, eventLog: string, readModels: string, checkpointNames: string[]): Promise<void> {
  const identity = await readStore.logIdentity();
  const checkpoints = await Promise.all(checkpointNames.map((name) => readStore.getCheckpoint(name)));
  if (identity === null && checkpoints.every((checkpoint) => checkpoint === null)) return;
  throw new StoreIntegrityError(
    `the event log ${eventLog} is missing, but the read models in ${readModels} were built from a log; ` +
      `restore ${eventLog} from a backup (a new empty log is not created beside them)`,
  );
}

/** Where a server is, without the credentials a URL may carry. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}
