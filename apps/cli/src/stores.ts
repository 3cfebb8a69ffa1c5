import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, ReadStore, StoreIntegrityError } from '@ledger/application';
import { AppConfig, openEventStoreOrRefuse, openReadStoreOrRefuse, parseAppConfig } from '@ledger/infrastructure';

export interface StoreOptions {
  /**
   * The SQLite log must already exist (export, rebuild, verify): opening a missing one
   * would create an empty log, export nothing and, for a rebuild, empty the read models.
   */
  existingLog?: boolean;
}

function isThereButNoFolder(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR';
  }
}

/** Opening a missing SQLite log would create an empty one: refused, naming the file and what to do. */
export function assertEmbeddedLogExists(config: AppConfig): void {
  const log = join(config.dataDir, 'events.db');
  // (A DATA_DIR that is there but is no folder is the adapter's refusal, which says so.)
  if (!existsSync(log) && !isThereButNoFolder(config.dataDir)) {
    throw new StoreIntegrityError(`the event log ${log} does not exist; set DATA_DIR to the folder that holds events.db (now ${config.dataDir}), or restore the log from a backup`);
  }
}

/**
 * The CLI talks to the configured stores directly (same variables as the service). A store
 * that cannot be opened or reached is refused in one line naming the file or server, the
 * fault and what to do (StoreIntegrityError, as at the service's start).
 */
export async function withStores<T>(work: (stores: { eventStore: EventStore; readStore: ReadStore }) => Promise<T>, options: StoreOptions = {}): Promise<T> {
  const config = parseAppConfig(process.env);
  if (options.existingLog && !config.eventStoreUrl) assertEmbeddedLogExists(config);
  const eventStore = await openEventStoreOrRefuse(config);
  let readStore: ReadStore;
  try {
    readStore = await openReadStoreOrRefuse(config);
  } catch (error) {
    await eventStore.close();
    throw error;
  }
  try {
    return await work({ eventStore, readStore });
  } finally {
    await Promise.allSettled([eventStore.close(), readStore.close()]);
  }
}
