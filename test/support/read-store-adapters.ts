import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStore } from '@ledger/application';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { MongoReadStore } from '@ledger/infrastructure/read-store/mongodb/mongo-read-store';
import { startMongoDouble } from './mongo-double/server';

export interface OpenedReadStore {
  store: ReadStore;
  /** Another connection to the same store (another process's). */
  another(): Promise<ReadStore>;
  /** Closes every connection opened here and removes the store. */
  cleanup(): Promise<void>;
}

/** A read-store adapter for suites that run on each: `describe.each(READ_STORE_ADAPTERS)('… ($name)', ({ open }) => …)`. */
export interface ReadStoreAdapter {
  name: string;
  open(): Promise<OpenedReadStore>;
}

let databases = 0;

/** With MONGODB_URL (docker compose): the adapter on the real server too, a database per store opened. */
function realMongo(url: string): ReadStoreAdapter {
  return {
    name: 'mongodb real server',
    async open() {
      const database = `ledger_suite_${process.pid}_${++databases}`;
      const opened: ReadStore[] = [await MongoReadStore.connect(url, database)];
      return {
        store: opened[0],
        another: async () => opened[opened.push(await MongoReadStore.connect(url, database)) - 1],
        cleanup: async () => {
          const { MongoClient } = await import('mongodb');
          const client = await MongoClient.connect(url);
          await client.db(database).dropDatabase().finally(() => client.close());
          await Promise.allSettled(opened.map((store) => store.close()));
        },
      };
    },
  };
}

/**
 * Every run: the embedded store, and the MongoDB adapter through the official driver on the
 * wire double (test/support/mongo-double), one double per store opened; with MONGODB_URL,
 * the real server as well.
 */
export const READ_STORE_ADAPTERS: ReadStoreAdapter[] = [
  {
    name: 'embedded',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'ledger-read-'));
      const opened: ReadStore[] = [EmbeddedReadStore.open(join(dir, 'read.db'))];
      return {
        store: opened[0],
        another: async () => opened[opened.push(EmbeddedReadStore.open(join(dir, 'read.db'))) - 1],
        cleanup: async () => {
          await Promise.allSettled(opened.map((store) => store.close()));
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'mongodb wire double',
    async open() {
      const double = await startMongoDouble();
      const database = `ledger_${process.pid}_${++databases}`;
      const opened: ReadStore[] = [await MongoReadStore.connect(double.url, database)];
      return {
        store: opened[0],
        another: async () => opened[opened.push(await MongoReadStore.connect(double.url, database)) - 1],
        cleanup: async () => {
          await Promise.allSettled(opened.map((store) => store.close()));
          await double.stop();
        },
      };
    },
  },
  ...(process.env.MONGODB_URL ? [realMongo(process.env.MONGODB_URL)] : []),
];
