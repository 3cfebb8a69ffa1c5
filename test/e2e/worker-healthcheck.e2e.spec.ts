import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from '../../libs/infrastructure/src/event-store/sqlite/sqlite-event-store';
import { TestApi } from './harness/test-api';
import { fixture } from './harness/route-table';

const ROOT = join(__dirname, '..', '..');

/** Runs the worker's container health check against DATA_DIR; answers its exit code and stderr. */
async function healthcheck(dataDir: string): Promise<{ code: number; stderr: string }> {
  return promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'apps/worker/src/healthcheck.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir },
  }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

describe("the worker's container health check (docker-compose.yml)", () => {
  it('passes while the read models keep up with the log', async () => {
    const api = await TestApi.start();
    try {
      await fixture(api, 'healthcheck-partner');
      expect(await healthcheck(api.dataDir)).toEqual({ code: 0, stderr: '' });
    } finally {
      await api.stop();
    }
  });

  it('fails, naming the read models, when nothing projects the log', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-healthcheck-'));
    try {
      const store = await SqliteEventStore.open(join(dataDir, 'events.db'));
      const metadata = { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt: '2026-01-31T09:00:00.000Z', schema: 1 };
      await store.append('customer-1', [{ id: '00000000-0000-4000-8000-000000000001', type: 'CustomerCreated', data: {}, metadata }], 'no-stream');
      await store.close();
      const { code, stderr } = await healthcheck(dataDir);
      expect(code).toBe(1);
      expect(stderr).toMatch(/read models did not reach 0+1 within 10 s: .*subscriptions at start/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
