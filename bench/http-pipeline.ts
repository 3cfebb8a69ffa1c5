/**
 * `npx tsx bench/http-pipeline.ts [--service-dir <checkout>] [--seconds 5] [--connections 16]`:
 * what the HTTP pipeline (auth, validation, filters, logging, serialisation) costs, measured
 * with autocannon against the service run from its sources (test/e2e/service/run-ts.js),
 * `--api-only`, NODE_ENV=development, its log written to /dev/null. Routes whose command or
 * query is small next to the pipeline:
 *  - GET  /v1/customers?limit=10  (token, query DTO, an empty page)
 *  - POST /v1/customers invalid    (token, body DTO refused: 400 with errors[])
 *  - POST /v1/customers            (token, body DTO, one append)
 *  - POST /v1/subscriptions/:id/suspend (token, path id, no such subscription: 404)
 * Printed per route: the service's CPU time per answered request, less what it uses idle (the
 * figure to compare on a shared machine), then rps and latency. `--service-dir` runs another checkout (its own
 * node_modules link), for before/after.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, mintToken, ROOT } from './support';

interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: { url: string; connections: number; duration: number; method?: string; headers?: Record<string, string>; body?: string }) => Promise<CannonResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

/**
 * CPU seconds the service has used (user + system, /proc): per request, the figure that a
 * shared, loaded machine disturbs least (rps and latency there depend on the neighbours).
 */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'service-dir': { type: 'string' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '16' } } });
  const dir = resolve(values['service-dir'] ?? ROOT);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-pipeline-'));
  const port = await freePort();
  const out = openSync('/dev/null', 'w');
  const child = spawn(process.execPath, [join(dir, 'test/e2e/service/run-ts.js'), join(dir, 'apps/api/src/main.ts'), '--api-only'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', TEST_CLOCK: '', RATE_LIMIT_PER_MINUTE: '0' },
    stdio: ['ignore', out, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`the service exited during the run (code ${code}, signal ${signal}): figures after this are void`);
  });
  try {
    for (let tries = 0; ; tries++) {
      if (tries > 600) throw new Error('the service did not start');
      try {
        if ((await fetch(`${url}/health`)).status < 600) break;
      } catch {
        /* not listening yet */
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    const token = await mintToken({ partnerId: 'partner-bench', roles: ['global-admin'] });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const routes = [
      { name: 'GET /v1/customers?limit=10', path: '/v1/customers?limit=10', method: 'GET', headers: { authorization: headers.authorization } },
      { name: 'POST /v1/customers (400)', path: '/v1/customers', method: 'POST', headers, body: JSON.stringify({ name: '', billingCountry: 'Taiwan', extra: 1 }) },
      { name: 'POST /v1/customers (201)', path: '/v1/customers', method: 'POST', headers, body: JSON.stringify({ name: 'Bench Ltd', billingCountry: 'TW', segment: 'commercial' }) },
      { name: 'POST /v1/subscriptions/:id/suspend (404)', path: '/v1/subscriptions/sub-none/suspend', method: 'POST', headers, body: '{"reason":"other"}' },
    ];
    for (const route of routes) await autocannon({ url: `${url}${route.path}`, connections, duration: 2, method: route.method, headers: route.headers, body: route.body }); // warm-up
    // What the service burns with no request (its timers and polls): taken off each figure.
    const idleStart = cpuSeconds(child.pid!);
    await new Promise((done) => setTimeout(done, 3000));
    const idlePerSecond = (cpuSeconds(child.pid!) - idleStart) / 3;
    console.log(`service ${dir}, ${connections} connections, ${seconds} s a route; idle ${Math.round(idlePerSecond * 1000)} ms CPU/s, taken off`);
    for (const route of routes) {
      const cpuBefore = cpuSeconds(child.pid!);
      const started = Date.now();
      const result = await autocannon({ url: `${url}${route.path}`, connections, duration: seconds, method: route.method, headers: route.headers, body: route.body });
      const answered = Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + count, 0);
      const busy = cpuSeconds(child.pid!) - cpuBefore - (idlePerSecond * (Date.now() - started)) / 1000;
      const cpuPerRequest = (busy / answered) * 1e6;
      const statuses = Object.entries(result.statusCodeStats).map(([status, { count }]) => `${status}x${count}`).join(' ');
      console.log(`${route.name.padEnd(42)} ${Math.round(cpuPerRequest).toString().padStart(5)} µs CPU/request  ${Math.round(result.requests.average).toString().padStart(6)} rps  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  [${statuses}]${result.errors ? ` errors ${result.errors}` : ''}`);
    }
  } finally {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return void rmSync(dataDir, { recursive: true, force: true });
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
