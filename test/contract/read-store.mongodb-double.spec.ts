import { MongoClient, MongoServerError } from 'mongodb';
import { MongoReadStore } from '@ledger/infrastructure/read-store/mongodb/mongo-read-store';
import { MongoDouble, startMongoDouble } from '../support/mongo-double/server';
import { describeReadStoreContract } from './read-store.contract';

// Every run: the MongoDB adapter executed through the official driver against the
// in-process wire-protocol double (test/support/mongo-double). A pass on a double: it
// shows the commands, operators, index specs and transaction options the adapter sends,
// not real isolation, index selection or fail-over (read-store.mongodb.spec.ts does, on a server).
let contractDouble: MongoDouble | null = null;

describeReadStoreContract('mongodb (wire double)', async () => {
  const double = (contractDouble = await startMongoDouble());
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

describe('mongodb wire double: what the contract pass above stands on', () => {
  it('the contract suite went through transactions, bulk writes, cursors and index builds on the double', () => {
    expect(contractDouble?.commandsSeen()).toEqual(
      expect.arrayContaining(['aggregate', 'commitTransaction', 'create', 'createIndexes', 'delete', 'drop', 'find', 'insert', 'renameCollection', 'update']),
    );
  });

  let double: MongoDouble;
  let client: MongoClient;
  beforeAll(async () => {
    double = await startMongoDouble();
    client = await MongoClient.connect(`mongodb://127.0.0.1:${double.port}/`, { serverSelectionTimeoutMS: 5000 });
  });
  afterAll(async () => {
    await client.close();
    await double.stop();
  });

  it('the official driver connects with an ordinary URL, and with replicaSet / directConnection', async () => {
    expect(await client.db('admin').command({ hello: 1 })).toMatchObject({ isWritablePrimary: true, setName: 'rs0' });
    for (const url of [double.url, `mongodb://127.0.0.1:${double.port}/?replicaSet=rs0&directConnection=true`]) {
      const other = await MongoClient.connect(url, { serverSelectionTimeoutMS: 5000 });
      expect(await other.db('x').command({ ping: 1 })).toMatchObject({ ok: 1 });
      await other.close();
    }
  });

  it('answers a command, operator or option it does not implement with an error naming it (code 59), never a success', async () => {
    const db = client.db('unknowns');
    const c = db.collection<{ _id: string; a?: number }>('c');
    await expect(db.command({ collMod: 'c' })).rejects.toMatchObject({ code: 59, message: expect.stringContaining('collMod') });
    await expect(c.find({ a: { $where: 'true' } } as never).toArray()).rejects.toMatchObject({ code: 59, message: expect.stringContaining('$where') });
    await expect(c.updateOne({ _id: 'a' }, { $bogus: { a: 1 } } as never, { upsert: true })).rejects.toMatchObject({ code: 59, message: expect.stringContaining('$bogus') });
    await expect(c.aggregate([{ $lookup: { from: 'x', as: 'y', localField: 'a', foreignField: 'b' } }]).toArray()).rejects.toMatchObject({ code: 59, message: expect.stringContaining('$lookup') });
    await expect(c.find({}, { collation: { locale: 'fr' } }).toArray()).rejects.toMatchObject({ code: 59, message: expect.stringContaining('collation') });
    await expect(c.createIndex({ a: 'text' })).rejects.toMatchObject({ code: 59 });
  });

  it('duplicate keys on _id and on a unique index are E11000 write errors; an upsert missing its filter hits them too', async () => {
    const c = client.db('dups').collection<{ _id: string; k?: number; owner?: string }>('c');
    await c.insertOne({ _id: 'a', k: 1 });
    await expect(c.insertOne({ _id: 'a' })).rejects.toMatchObject({ code: 11000, keyValue: { _id: 'a' } });
    await c.createIndex({ k: 1 }, { unique: true });
    await expect(c.insertOne({ _id: 'b', k: 1 })).rejects.toMatchObject({ code: 11000, keyPattern: { k: 1 } });
    await expect(c.updateOne({ _id: 'a', owner: 'someone' }, { $set: { owner: 'me' } }, { upsert: true })).rejects.toBeInstanceOf(MongoServerError);
    const unordered = await c.insertMany([{ _id: 'a', k: 2 }, { _id: 'c', k: 3 }, { _id: 'd', k: 4 }], { ordered: false }).catch((error: { result: { insertedCount: number } }) => error.result);
    expect(unordered.insertedCount).toBe(2);
    expect((await c.find({}, { sort: { _id: -1 } }).toArray()).map((d) => d._id)).toEqual(['d', 'c', 'a']);
    // Missing is null in a unique index, as in MongoDB: a second document without k is a duplicate.
    await c.insertOne({ _id: 'e' });
    await expect(c.insertOne({ _id: 'f' })).rejects.toMatchObject({ code: 11000, keyValue: { k: null } });
  });

  it('pages cursors with getMore and kills them, lists and drops indexes, counts, and finds-and-modifies', async () => {
    const c = client.db('cursors').collection<{ _id: string; n: number; tag?: string }>('c');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: `d${String(i).padStart(3, '0')}`, n: i % 7 })));
    expect(await c.find({ n: { $lt: 3 } }, { sort: { n: -1, _id: 1 }, batchSize: 20 }).toArray()).toHaveLength(108);
    const cursor = c.find({}, { batchSize: 10 });
    await cursor.next();
    await cursor.close();
    expect(await c.countDocuments({ n: 0 })).toBe(36);
    expect(await c.estimatedDocumentCount()).toBe(250);
    expect(await client.db('cursors').command({ count: 'c', query: { n: 6 } })).toMatchObject({ n: 35 });
    await c.createIndex({ n: 1, _id: 1 });
    expect((await c.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_', 'n_1__id_1']);
    await expect(c.createIndex({ n: 1, _id: 1 }, { name: 'other' })).rejects.toMatchObject({ code: 85 });
    await c.dropIndex('n_1__id_1');
    expect(await c.findOneAndUpdate({ n: 6 }, { $set: { tag: 'x' } }, { sort: { _id: -1 }, returnDocument: 'after' })).toEqual({ _id: 'd244', n: 6, tag: 'x' });
    expect(await c.findOneAndUpdate({ _id: 'new' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'before' })).toBeNull();
    expect(await c.findOneAndDelete({ _id: 'new' })).toEqual({ _id: 'new', n: 1 });
    expect(await c.deleteMany({ n: { $gte: 5 } })).toMatchObject({ deletedCount: 70 });
  });

  it('an aborted transaction leaves nothing; a committed one is seen by the others, who wait for it to end', async () => {
    const c = client.db('txn').collection<{ _id: string; n: number }>('c');
    await c.insertOne({ _id: 'kept', n: 0 });
    const session = client.startSession();
    try {
      session.startTransaction({ readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } });
      await c.insertOne({ _id: 'dropped', n: 1 }, { session });
      await c.updateOne({ _id: 'kept' }, { $inc: { n: 5 } }, { session });
      await session.abortTransaction();
      expect(await c.find({}).toArray()).toEqual([{ _id: 'kept', n: 0 }]);
      session.startTransaction();
      await c.updateOne({ _id: 'kept' }, { $inc: { n: 2 } }, { session });
      const outside = c.findOne({ _id: 'kept' });
      await c.insertOne({ _id: 'added', n: 1 }, { session });
      await session.commitTransaction();
      expect(await outside).toEqual({ _id: 'kept', n: 2 });
      expect(await c.countDocuments({ n: { $gte: 1 } })).toBe(2);
      // What MongoDB refuses inside a transaction is refused here too (and the transaction is then aborted).
      session.startTransaction();
      await c.insertOne({ _id: 'in-rename-txn', n: 9 }, { session });
      await expect(client.db('admin').command({ renameCollection: 'txn.c', to: 'txn.d' }, { session })).rejects.toMatchObject({ code: 263 });
      await expect(session.commitTransaction()).rejects.toMatchObject({ code: 251 });
      expect(await c.findOne({ _id: 'in-rename-txn' })).toBeNull();
    } finally {
      await session.endSession();
    }
  });
});
