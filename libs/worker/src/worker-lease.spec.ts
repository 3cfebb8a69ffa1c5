import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseGrant, LeaseHolder } from '@ledger/application';
import { LEASE_TTL_MS } from './worker-lease';
import { leaseInstance, LeaseRun } from './testing/lease-instance';

/** The expiring lease of a shared store (as MongoDB keeps it); an owner can be cut off from it. */
class ExpiringLeases {
  private lease: { owner: string; expiresAt: number } | null = null;
  /** Owners whose calls never come back (a hung connection, a partition). */
  readonly cutOff = new Set<string>();

  async tryAcquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<LeaseGrant | null> {
    if (this.cutOff.has(owner)) return new Promise<never>(() => undefined);
    if (this.lease && this.lease.owner !== owner && this.lease.expiresAt > now) return null;
    this.lease = { owner, expiresAt: now + ttlMs };
    return { expiresAt: this.lease.expiresAt };
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    if (this.lease?.owner === owner) this.lease = null;
  }

  async leaseHolder(name: string, now: number): Promise<LeaseHolder | null> {
    return this.lease && this.lease.expiresAt > now ? { ...this.lease } : null;
  }
}

const instance = (name: string, store: ExpiringLeases, runs: LeaseRun[]) => leaseInstance(name, store, runs);

describe('worker lease over an expiring lease (MongoDB)', () => {
  it('a holder cut off from the store stops before its lease lapses; another takes over within 2 s; never both at once', async () => {
    const store = new ExpiringLeases();
    const runs: LeaseRun[] = [];
    const first = await instance('first', store, runs);
    const second = await instance('second', store, runs);
    try {
      expect(first.lease.isHolding).toBe(true);
      expect(second.lease.isHolding).toBe(false);
      await sleep(600); // several renewals: the first keeps it
      expect(second.lease.isHolding).toBe(false);

      const lastRenewal = await store.leaseHolder('worker', Date.now());
      expect(lastRenewal?.owner).toBe(first.lease.owner);
      store.cutOff.add(first.lease.owner);
      const cutAt = performance.now();
      while (!second.lease.isHolding && performance.now() - cutAt < 5000) await sleep(20);
      const takenOverAfter = performance.now() - cutAt;
      console.log(`expiring lease taken over ${takenOverAfter.toFixed(0)} ms after its holder was cut off (ttl ${LEASE_TTL_MS} ms)`);

      expect(second.lease.isHolding).toBe(true);
      expect(takenOverAfter).toBeLessThan(2000);
      expect(first.lease.isHolding).toBe(false);
      expect(runs.map((run) => run.instance)).toEqual(['first', 'second']);
      const [firstRun, secondRun] = runs;
      // The first stopped before its lease could lapse, and so before the second started.
      expect(firstRun.to).toBeLessThan(lastRenewal?.expiresAt ?? 0);
      expect(firstRun.to).toBeLessThanOrEqual(secondRun.from);
    } finally {
      store.cutOff.clear();
      await Promise.all([first.module.close(), second.module.close()]);
    }
  }, 20_000);

  it('a holder that shuts down releases its lease: the other takes it on its next round', async () => {
    const store = new ExpiringLeases();
    const runs: LeaseRun[] = [];
    const first = await instance('first', store, runs);
    const second = await instance('second', store, runs);
    try {
      await first.module.close();
      const closedAt = performance.now();
      while (!second.lease.isHolding && performance.now() - closedAt < 2000) await sleep(10);
      expect(second.lease.isHolding).toBe(true);
      expect(performance.now() - closedAt).toBeLessThan(1000); // one round is 250 ms
      expect(runs.map((run) => [run.instance, run.to === null])).toEqual([['first', false], ['second', true]]);
    } finally {
      await second.module.close();
    }
  });
});
