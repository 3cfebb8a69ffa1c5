import { existsSync } from 'node:fs';
import { ALL_PROJECTIONS, checkpointName, checkStoreIntegrity, EventStore, ReadStore, StoreIntegrityError } from '@ledger/application';
import { AppConfig } from '../config/app-config';
import { asRefusal, openEventStoreOrRefuse, openReadStoreOrRefuse, storeNames } from './open-stores';
import { refuseDamagedPages } from './damaged-pages';
import { eventLogFile, readModelFile } from './store-file-faults';

/**
 * R21, before the service serves anything: each store can be opened and is sound (SQLite
 * files: not a directory, readable, writable, not zero bytes, a database, no damaged pages
 * by PRAGMA quick_check, in a thread; see store-file-faults.ts and damaged-pages.ts), the log was not lost beside read models
 * built from it, and the read models were built from this log and are not ahead of it (see
 * checkStoreIntegrity). Throws StoreIntegrityError, whose message is the one line to print
 * (whatever else goes wrong while opening a store is turned into such a line too, naming
 * the store). The stores are closed again: the app opens its own. `damagedPages: false` skips
 * the page check (the worker process the api starts: the api has just run it).
 */
export async function assertStoresIntact(config: AppConfig, { damagedPages = true }: { damagedPages?: boolean } = {}): Promise<void> {
  const { eventLog, readModels } = storeNames(config);
  const checkpointNames = ALL_PROJECTIONS.map(checkpointName);
  const opened: Array<EventStore | ReadStore> = [];
  try {
    const readStore = await openReadStoreOrRefuse(config);
    opened.push(readStore);
    if (damagedPages && !config.mongodbUrl) await refuseDamagedPages(readModelFile(readModels));
    if (!config.eventStoreUrl && !existsSync(eventLog)) await refuseMissingLog(readStore, eventLog, readModels, checkpointNames);
    const eventStore = await openEventStoreOrRefuse(config);
    opened.push(eventStore);
    if (damagedPages && !config.eventStoreUrl) await refuseDamagedPages(eventLogFile(eventLog));
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
