import { WorkerLease } from '@ledger/worker';
import { TestApi } from './harness/test-api';

describe('one active worker at a time (lease in the read store)', () => {
  it('a second instance on the same stores stays idle until the first lets the lease go, then takes over', async () => {
    const first = await TestApi.start();
    const second = await TestApi.start({ dataDir: first.dataDir });
    try {
      expect(first.app.get(WorkerLease).isHolding).toBe(true);
      expect(second.app.get(WorkerLease).isHolding).toBe(false);

      await first.stop({ keepData: true });
      for (let i = 0; i < 80 && !second.app.get(WorkerLease).isHolding; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(second.app.get(WorkerLease).isHolding).toBe(true);

      // The survivor now projects: a new customer shows up in its read models.
      const token = await second.token('partner-a', ['admin-agent']);
      const created = await second.request('POST', '/v1/customers', { token, body: { name: 'Failover', billingCountry: 'TW', segment: 'commercial' } });
      const read = await second.request('GET', `/v1/customers/${created.body.id}?consistentWith=${created.body.position}`, { token });
      expect(read.status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 30_000);
});
