/**
 * `npx tsx bench/profile-list.ts [--seconds 15] [--connections 16] [--profile <dir>]`: the
 * api's CPU per list request (GET /v1/customers/:id/subscriptions?status=active&limit=20,
 * ordinary customers of the cached quick log, 16 connections), with an optional
 * `node --cpu-prof` of the api process. CPU per request, not latency: it is what a read
 * pool or a cheaper pipeline would change, and it is comparable on a busy machine.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { ensureLog } from './generate-log';
import { freePort, mintToken, ROOT, sleep } from './support';

const autocannon = createRequire(__filename)('autocannon') as (opts: object) => Promise<{ requests: { total: number }; non2xx: number; latency: { p50: number; p99: number } }>;

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, connections: { type: 'string', default: '16' }, profile: { type: 'string' } } });
  const { dir: logDir, manifest } = await ensureLog('quick');
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-list-bench-'));
  for (const file of ['events.db', 'read.db']) cpSync(join(logDir, file), join(dataDir, file));
  const port = await freePort();
  const args = values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : [];
  const child = spawn(process.execPath, [...args, join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', TEST_CLOCK: 'enabled' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/health/ready`)).ok) break;
      } catch {
        /* not yet */
      }
      if (i > 1200) throw new Error('service did not become ready');
      await sleep(100);
    }
    const bearer = await mintToken({ partnerId: manifest.bigPartner, roles: ['sales-agent'] });
    const customers = manifest.ordinaryCustomers.map((c: { customerId: string }) => c.customerId);
    let next = 0;
    const run = (duration: number) =>
      autocannon({
        url,
        connections: Number(values.connections),
        duration,
        setupClient: (c: { setRequests(r: object[]): void }) =>
          c.setRequests(customers.slice(next++ % customers.length).slice(0, 20).map((id: string) => ({ method: 'GET', path: `/v1/customers/${id}/subscriptions?status=active&limit=20`, headers: { authorization: `Bearer ${bearer}` } }))),
      });
    await run(3);
    const before = cpuMs(child.pid!);
    const result = await run(Number(values.seconds));
    const spent = cpuMs(child.pid!) - before;
    console.log(`${result.requests.total} list requests (${result.non2xx} non-2xx), p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms; api CPU ${((spent * 1000) / result.requests.total).toFixed(0)} µs per request`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
