import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerLease } from '@ledger/worker';
import { TestApi } from './harness/test-api';

describe('one active worker at a time (lease in the read store)', () => {
  it('a second instance on the same stores stays idle while the first holds the lease, then takes over within a round', async () => {
    const first = await TestApi.start();
    const second = await TestApi.start({ dataDir: first.dataDir });
    let firstRunning = true;
    try {
      const holders = () => [first, second].filter((api) => api.app.get(WorkerLease).isHolding).length;
      // Sampled over several renewal rounds: exactly one runs projections and timers.
      for (let i = 0; i < 20; i++) {
        expect(first.app.get(WorkerLease).isHolding).toBe(true);
        expect(holders()).toBe(1);
        await sleep(50);
      }
      const health = await second.request('GET', '/health');
      expect(health.body.details.workerLease).toEqual({ status: 'up', holder: { owner: first.app.get(WorkerLease).owner, expiresAt: null } });

      await first.stop({ keepData: true });
      firstRunning = false;
      const stoppedAt = performance.now();
      while (!second.app.get(WorkerLease).isHolding && performance.now() - stoppedAt < 2000) await sleep(10);
      expect(second.app.get(WorkerLease).isHolding).toBe(true);
      expect(performance.now() - stoppedAt).toBeLessThan(1000);

      // The survivor now projects: a new customer shows up in its read models.
      const token = await second.token('partner-a', ['admin-agent']);
      const created = await second.request('POST', '/v1/customers', { token, body: { name: 'Failover', billingCountry: 'TW', segment: 'commercial' } });
      const read = await second.request('GET', `/v1/customers/${created.body.id}?consistentWith=${created.body.position}`, { token });
      expect(read.status).toBe(200);
      expect((await second.request('GET', '/health')).body.details.workerLease.holder.owner).toBe(second.app.get(WorkerLease).owner);
    } finally {
      if (firstRunning) await first.stop({ keepData: true });
      await second.stop();
    }
  }, 30_000);
});
