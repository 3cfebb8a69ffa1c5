import { join } from 'node:path';
import { EventStore, ReadStore, StoreIntegrityError } from '@ledger/application';
import { AppConfig } from '../config/app-config';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { EmbeddedReadStore } from '../read-store/embedded/embedded-read-store';

/**
 * Configuration picks the adapters: unset URLs mean the embedded pair under DATA_DIR. The
 * server clients (gRPC, the MongoDB driver: ~0.35 s of loading) are loaded only when used.
 */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreUrl) {
    const { EventStoreDbEventStore } = await import('../event-store/eventstoredb/eventstoredb-event-store');
    return EventStoreDbEventStore.connect(config.eventStoreUrl);
  }
  return SqliteEventStore.open(join(config.dataDir, 'events.db'));
}

export async function openReadStore(config: AppConfig): Promise<ReadStore> {
  if (config.mongodbUrl) {
    const { MongoReadStore } = await import('../read-store/mongodb/mongo-read-store');
    return MongoReadStore.connect(config.mongodbUrl);
  }
  return EmbeddedReadStore.open(join(config.dataDir, 'read.db'));
}

/** How refusals name the stores: a file path, or a server without the credentials its URL may carry. */
export function storeNames(config: AppConfig): { eventLog: string; readModels: string } {
  return {
    eventLog: config.eventStoreUrl ? `EventStoreDB at ${hostOf(config.eventStoreUrl)}` : join(config.dataDir, 'events.db'),
    readModels: config.mongodbUrl ? `MongoDB at ${hostOf(config.mongodbUrl)}` : join(config.dataDir, 'read.db'),
  };
}

/**
 * Opens the event store and reads it once (an EventStoreDB client connects lazily: this is
 * where the server is reached, or not). Whatever fails is one StoreIntegrityError line
 * naming the store: the SQLite adapter's own refusals (store-file-faults.ts), or any other
 * error, with what to do.
 */
export function openEventStoreOrRefuse(config: AppConfig): Promise<EventStore> {
  const { eventLog } = storeNames(config);
  const subject = config.eventStoreUrl ? `the event log in ${eventLog}` : `the event log ${eventLog}`;
  return asRefusal(subject, remedy(config.eventStoreUrl, 'EVENTSTORE_URL'), async () => reached(await openEventStore(config)));
}

/** The same for the read store. */
export function openReadStoreOrRefuse(config: AppConfig): Promise<ReadStore> {
  const { readModels } = storeNames(config);
  return asRefusal(`the read models in ${readModels}`, remedy(config.mongodbUrl, 'MONGODB_URL'), async () => reached(await openReadStore(config)));
}

/** A first read; the store is closed again when it fails. */
async function reached<T extends EventStore | ReadStore>(store: T): Promise<T> {
  try {
    await store.logIdentity();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** What to do about a store that cannot be opened for a reason no adapter named. */
function remedy(url: string | null | undefined, variable: string): string {
  return url ? `check that the server runs and can be reached, and that ${variable} is right` : 'check the file, its folder and the disk';
}

/** Anything but a StoreIntegrityError thrown by `work` becomes one line naming the store. */
export async function asRefusal<T>(subject: string, whatToDo: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreIntegrityError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    const name = typeof code === 'string' ? code : ((error as Error | null)?.name ?? 'error');
    const said = `${String(name)}: ${error instanceof Error ? error.message : String(error)}`.replace(/\s+/g, ' ').trim();
    throw new StoreIntegrityError(`${subject} could not be opened (${said.length > 300 ? `${said.slice(0, 300)}…` : said}); ${whatToDo}`);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}
