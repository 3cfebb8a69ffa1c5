import { MongoReadStore } from '@ledger/infrastructure/read-store/mongodb/mongo-read-store';
import { describeReadStoreContract } from './read-store.contract';

const url = process.env.MONGODB_URL;

describeReadStoreContract(
  'mongodb (real server)',
  url
    ? async () => {
        const database = `ledger_contract_${process.pid}`;
        const store = await MongoReadStore.connect(url, database);
        return { store, another: () => MongoReadStore.connect(url, database), leases: 'expiring', cleanup: () => store.close() };
      }
    : null,
  'MONGODB_URL not set (docker compose up -d mongo, then MONGODB_URL=mongodb://localhost:27017/?replicaSet=rs0)',
);
