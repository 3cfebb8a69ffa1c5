import { MongoReadStore } from '@ledger/infrastructure/read-store/mongodb/mongo-read-store';
import { MongoDouble, startMongoDouble } from '../support/mongo-double/server';
import { describeReadStoreContract } from './read-store.contract';

// Every run: the MongoDB adapter executed through the official driver against the
// in-process wire-protocol double (test/support/mongo-double). A pass on a double: it
// shows the commands, operators, index specs and transaction options the adapter sends,
// not real isolation, index selection or fail-over (read-store.mongodb.spec.ts does, on a server).
describeReadStoreContract('mongodb (wire double)', async () => {
  const double: MongoDouble = await startMongoDouble();
  const database = `ledger_contract_${process.pid}`;
  const store = await MongoReadStore.connect(double.url, database);
  return {
    store,
    another: () => MongoReadStore.connect(double.url, database),
    leases: 'expiring',
    cleanup: async () => {
      await store.close();
      await double.stop();
    },
  };
});
