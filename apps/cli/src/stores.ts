import { EventStore, ReadStore } from '@ledger/application';
import { openEventStore, openReadStore, parseAppConfig } from '@ledger/infrastructure';

/** The CLI talks to the configured stores directly (same variables as the service). */
export async function withStores<T>(work: (stores: { eventStore: EventStore; readStore: ReadStore }) => Promise<T>): Promise<T> {
  const config = parseAppConfig(process.env);
  const eventStore = await openEventStore(config);
  const readStore = await openReadStore(config);
  try {
    return await work({ eventStore, readStore });
  } finally {
    await Promise.allSettled([eventStore.close(), readStore.close()]);
  }
}
