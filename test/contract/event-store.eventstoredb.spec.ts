import { EventStoreDbEventStore } from '@ledger/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { startEsdbDouble } from '../support/esdb-double/server';
import { describeEventStoreContract } from './event-store.contract';

const url = process.env.EVENTSTORE_URL;

// Every run: the adapter against the in-process gRPC double (see test/support/esdb-double).
describeEventStoreContract('eventstoredb adapter via in-process gRPC double', async () => {
  const double = await startEsdbDouble();
  const store = await EventStoreDbEventStore.connect(double.url);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await double.stop();
    },
  };
});

describe('eventstoredb adapter specifics (gRPC double)', () => {
  it('R21: every connection to the same server sees the same log identity, kept in a system stream reads never return', async () => {
    const double = await startEsdbDouble();
    const [first, second] = [await EventStoreDbEventStore.connect(double.url), await EventStoreDbEventStore.connect(double.url)];
    try {
      const [a, b] = await Promise.all([first.logIdentity(), second.logIdentity()]);
      expect(a).toMatch(/^[0-9a-f-]{36}$/);
      expect(b).toBe(a);
      expect(await first.headPosition()).toBeNull();
    } finally {
      await Promise.all([first.close(), second.close()]);
      await double.stop();
    }
  });
});

// With EVENTSTORE_URL (docker compose): the same contract against a real server.
describeEventStoreContract(
  'eventstoredb (real server)',
  url
    ? async () => {
        const store = await EventStoreDbEventStore.connect(url);
        return { store, cleanup: () => store.close() };
      }
    : null,
  'EVENTSTORE_URL not set (start docker compose to run it)',
);
