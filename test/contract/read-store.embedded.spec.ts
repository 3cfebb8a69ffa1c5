import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { describeReadStoreContract } from './read-store.contract';

describeReadStoreContract('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-read-'));
  const store = EmbeddedReadStore.open(join(dir, 'read.db'));
  return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); } };
});

describe('embedded read store specifics', () => {
  it('is durable: documents and checkpoints survive close and reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-read-'));
    const file = join(dir, 'read.db');
    const first = EmbeddedReadStore.open(file);
    await first.commit({ writes: [{ collection: 'docs', doc: { id: 'a', _position: '0000000000000001', v: 1 } }], checkpoint: { name: 'p', position: '0000000000000001' } });
    await first.close();
    const again = EmbeddedReadStore.open(file);
    expect(await again.get('docs', 'a')).toMatchObject({ v: 1 });
    expect(await again.getCheckpoint('p')).toBe('0000000000000001');
    await again.close();
    await rm(dir, { recursive: true, force: true });
  });
});
