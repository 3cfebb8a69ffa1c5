import { join } from 'node:path';
import { EventStore, ReadStore } from '@ledger/application';
import { AppConfig } from '../config/app-config';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';
import { EmbeddedReadStore } from '../read-store/embedded/embedded-read-store';
import { MongoReadStore } from '../read-store/mongodb/mongo-read-store';

/** Configuration picks the adapters: unset URLs mean the embedded pair under DATA_DIR. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreUrl) return EventStoreDbEventStore.connect(config.eventStoreUrl);
  return SqliteEventStore.open(join(config.dataDir, 'events.db'));
}

/** `quickCheck`: PRAGMA quick_check on the embedded file (service start, like the log's). */
export async function openReadStore(config: AppConfig, options: { quickCheck?: boolean } = {}): Promise<ReadStore> {
  if (config.mongodbUrl) return MongoReadStore.connect(config.mongodbUrl);
  return EmbeddedReadStore.open(join(config.dataDir, 'read.db'), options);
}
