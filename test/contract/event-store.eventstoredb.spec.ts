import { EventStoreDbEventStore } from '@ledger/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { describeEventStoreContract } from './event-store.contract';

const url = process.env.EVENTSTORE_URL;

describeEventStoreContract(
  'eventstoredb (real server)',
  url
    ? async () => {
        const store = await EventStoreDbEventStore.connect(url);
        return { store, cleanup: () => store.close() };
      }
    : null,
  'EVENTSTORE_URL not set (docker compose up -d eventstore, then EVENTSTORE_URL=esdb://localhost:2113?tls=false)',
);
