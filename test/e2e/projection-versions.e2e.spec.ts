import { join } from 'node:path';
import { ALL_PROJECTIONS, checkpointName } from '@ledger/application';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { TestApi, T0 } from './harness/test-api';

/** A new version of a read model has no checkpoint yet: it is loaded afresh at start, never mixed with the old shape. */
describe('read model versions', () => {
  it('a read model without a checkpoint for its version is reloaded from the whole log at start', async () => {
    const first = await TestApi.start({ now: T0 });
    const token = await first.token('partner-v', ['global-admin']);
    const created = await first.request('POST', '/v1/customers', { token, body: { name: 'Versioned', billingCountry: 'TW', segment: 'commercial' } });
    expect((await first.request('GET', `/v1/customers/${created.body.id}?consistentWith=${created.body.position}`, { token })).status).toBe(200);
    await first.stop({ keepData: true });

    // As an older version left it: documents of another shape under the old checkpoint only.
    const reads = EmbeddedReadStore.open(join(first.dataDir, 'read.db'));
    const customers = ALL_PROJECTIONS.find((p) => p.name === 'customers')!;
    const position = (await reads.getCheckpoint(checkpointName(customers)))!;
    await reads.commit({
      writes: [{ collection: 'customers', doc: { id: created.body.id, _position: '9999999999999999', legacy: true }, columns: { partnerId: 'someone-else', createdAt: 'x' } }],
      checkpoints: [{ name: 'customers', position }],
    });
    await reads.drop([], [checkpointName(customers)]);
    await reads.close();

    const again = await TestApi.start({ dataDir: first.dataDir, now: T0 });
    const read = await again.request('GET', `/v1/customers/${created.body.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, name: 'Versioned' });
    expect((await again.request('GET', '/v1/customers', { token })).body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    await again.stop();
  });
});
