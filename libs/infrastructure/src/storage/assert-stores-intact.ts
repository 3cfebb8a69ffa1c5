import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PROJECTIONS, checkpointName, checkStoreIntegrity, EventStore, ReadStore, StoreIntegrityError } from '@ledger/application';
import { AppConfig } from '../config/app-config';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { openEventStore, openReadStore } from './open-stores';

/**
 * R21, before the service serves anything: each store can be opened and is sound (SQLite
 * files: not a directory, readable, writable, not zero bytes, a database, no damaged pages
 * by PRAGMA quick_check; see store-file-faults.ts), the log was not lost beside read models
 * built from it, and the read models were built from this log and are not ahead of it (see
 * checkStoreIntegrity). Throws StoreIntegrityError, whose message is the one line to print
 * (whatever else goes wrong while opening a store is turned into such a line too, naming
 * the store). The stores are closed again: the app opens its own.
 */
export async function assertStoresIntact(config: AppConfig): Promise<void> {
  const eventLog = config.eventStoreUrl ? `EventStoreDB at ${hostOf(config.eventStoreUrl)}` : join(config.dataDir, 'events.db');
  const readModels = config.mongodbUrl ? `MongoDB at ${hostOf(config.mongodbUrl)}` : join(config.dataDir, 'read.db');
  const checkpointNames = ALL_PROJECTIONS.map(checkpointName);
  const opened: Array<EventStore | ReadStore> = [];
  try {
    const readStore = await asRefusal(`the read models in ${readModels}`, remedy(config.mongodbUrl, 'MONGODB_URL'), () => openReadStore(config, { quickCheck: true }));
    opened.push(readStore);
    if (!config.eventStoreUrl && !existsSync(eventLog)) await refuseMissingLog(readStore, eventLog, readModels, checkpointNames);
    const eventStore = await asRefusal(config.eventStoreUrl ? `the event log in ${eventLog}` : `the event log ${eventLog}`, remedy(config.eventStoreUrl, 'EVENTSTORE_URL'), async () =>
      config.eventStoreUrl ? openEventStore(config) : SqliteEventStore.open(eventLog, { quickCheck: true }),
    );
    opened.push(eventStore);
    await asRefusal(`the stores (${eventLog}, ${readModels})`, 'check both stores; restore the damaged one from a backup', () =>
      checkStoreIntegrity({ eventStore, readStore, eventLog, readModels, checkpointNames }),
    );
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

/** What to do about a store that cannot be opened for a reason no adapter named. */
function remedy(url: string | null | undefined, variable: string): string {
  return url ? `check that the server runs and can be reached, and that ${variable} is right` : 'check the file, its folder and the disk';
}

/** Anything but a StoreIntegrityError, thrown while opening or checking a store, becomes one line naming the store. */
async function asRefusal<T>(subject: string, whatToDo: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreIntegrityError) throw error;
    const name = (error as { code?: unknown } | null)?.code ?? (error as Error | null)?.name ?? 'error';
    const said = `${String(name)}: ${error instanceof Error ? error.message : String(error)}`.replace(/\s+/g, ' ').trim();
    throw new StoreIntegrityError(`${subject} could not be opened (${said.length > 300 ? `${said.slice(0, 300)}…` : said}); ${whatToDo}`);
  }
}

/** Where a server is, without the credentials a URL may carry. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}
