import { setTimeout as sleep } from 'node:timers/promises';
import { MongoReadStore } from '@ledger/infrastructure/read-store/mongodb/mongo-read-store';
import { LEASE_TTL_MS } from '@ledger/worker';
import { leaseInstance, LeaseRun } from '@ledger/worker/testing/lease-instance';
import { MongoDouble, startMongoDouble } from '../support/mongo-double/server';

const instance = (name: string, store: MongoReadStore, runs: LeaseRun[]) => leaseInstance(name, store, runs);

/**
 * The worker lease through the real MongoDB adapter (its lease document, TTL arithmetic and
 * writes) on the wire double: one holder at a time, a standby that takes over when the holder
 * shuts down (released) or stops renewing (expired).
 */
describe('worker lease on the MongoDB adapter (wire double)', () => {
  let double: MongoDouble;
  const stores: MongoReadStore[] = [];
  const connect = async () => {
    const store = await MongoReadStore.connect(double.url, `ledger_lease_${process.pid}`);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    double = await startMongoDouble();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await double.stop();
  });

  it('one holder at a time; a holder that shuts down releases the lease and the standby takes it within a round', async () => {
    const runs: LeaseRun[] = [];
    const first = await instance('first', await connect(), runs);
    const second = await instance('second', await connect(), runs);
    try {
      for (let i = 0; i < 10; i++) {
        expect([first.lease.isHolding, second.lease.isHolding].filter(Boolean)).toHaveLength(1);
        await sleep(100);
      }
      expect(first.lease.isHolding).toBe(true);
      const holder = await stores[0].leaseHolder('worker', Date.now());
      expect(holder).toMatchObject({ owner: first.lease.owner });
      expect(holder!.expiresAt! - Date.now()).toBeLessThanOrEqual(LEASE_TTL_MS);

      await first.module.close();
      const closedAt = performance.now();
      while (!second.lease.isHolding && performance.now() - closedAt < 3000) await sleep(10);
      expect(second.lease.isHolding).toBe(true);
      expect(performance.now() - closedAt).toBeLessThan(1000);
      const [firstRun, secondRun] = runs;
      expect(runs.map((run) => run.instance)).toEqual(['first', 'second']);
      expect(firstRun.to).toBeLessThanOrEqual(secondRun.from);
    } finally {
      await Promise.all([first.module.close(), second.module.close()]);
    }
  }, 20_000);

  it('a holder that stops renewing (its lease expires) is replaced once it has expired, within ttl + a round, and not before', async () => {
    const runs: LeaseRun[] = [];
    const store = await connect();
    // A dead holder: it took the lease and never renews it.
    expect(await store.tryAcquireLease('worker', 'dead-holder', Date.now(), LEASE_TTL_MS)).not.toBeNull();
    const takenAt = performance.now();
    const standby = await instance('standby', await connect(), runs);
    try {
      expect(standby.lease.isHolding).toBe(false);
      while (!standby.lease.isHolding && performance.now() - takenAt < 5000) await sleep(10);
      expect(standby.lease.isHolding).toBe(true);
      const after = performance.now() - takenAt;
      console.log(`MongoDB lease (wire double): an unrenewed lease taken over ${after.toFixed(0)} ms after it was granted (ttl ${LEASE_TTL_MS} ms)`);
      expect(after).toBeGreaterThanOrEqual(LEASE_TTL_MS - 50);
      expect(after).toBeLessThan(LEASE_TTL_MS + 1000);
    } finally {
      await standby.module.close();
    }
  }, 20_000);
});
