import { readdirSync, readFileSync } from 'node:fs';
import { startService, startBare, newCustomer, order, token, lifecycleLoad, customerLoad, bareLoad } from './write-path';
import { resolve, join } from 'node:path';
const conn = Number(process.env.CONN ?? 16);
function taskCpu(pid: number): number { let t = 0; for (const task of readdirSync(`/proc/${pid}/task`)) t += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]); return t; }
function kids(pid: number): number[] { const out: number[] = []; for (const task of readdirSync(`/proc/${pid}/task`)) out.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number)); return out; }
(async () => {
  const mainJs = join(resolve(__dirname, '..'), 'dist/apps/api/src/main.js');
  const [bearer] = await Promise.all([token('bench-partner', ['sales-agent', 'admin-agent'])]);
  const service = await startService(mainJs, { profileDir: process.env.PROF });
  const bare = await startBare();
  const c = await newCustomer(service.url, bearer, 'lifecycle');
  const subs = [...(await order(service.url, bearer, c, 32)).subscriptions, ...(await order(service.url, bearer, c, 32)).subscriptions].map((s) => s.id);
  await lifecycleLoad(service, bearer, subs, 2, conn);
  await bareLoad(bare, 2, conn);
  const worker = kids(service.pid)[0];
  const a0 = taskCpu(service.pid), w0 = taskCpu(worker), t0 = Date.now();
  const r = await lifecycleLoad(service, bearer, subs, Number(process.env.SECS ?? 8), conn);
  if (process.env.ONLY) { console.log(`lifecycle c=${conn}: ${r.rps} rps p99 ${r.p99}`); await service.stop(); await bare.stop(); process.exit(0); }
  const a1 = taskCpu(service.pid), w1 = taskCpu(worker), el = (Date.now() - t0) / 1000;
  console.log(`lifecycle c=${conn}: ${r.rps} rps p99 ${r.p99}; api cpu ${((a1 - a0) / 1e9 / el).toFixed(2)} cores, worker ${((w1 - w0) / 1e9 / el).toFixed(2)} cores; api µs/req ${((a1 - a0) / 1e3 / (r.rps * el)).toFixed(0)}, worker µs/req ${((w1 - w0) / 1e3 / (r.rps * el)).toFixed(0)}`);
  const b = await bareLoad(bare, 5, conn);
  console.log(`bare c=${conn}: ${b.rps} rps p99 ${b.p99}`);
  const a2 = taskCpu(service.pid), w2 = taskCpu(worker), t2 = Date.now();
  const cu = await customerLoad(service, bearer, 6, conn);
  const a3 = taskCpu(service.pid), w3 = taskCpu(worker), el2 = (Date.now() - t2) / 1000;
  console.log(`customers c=${conn}: ${cu.rps} rps p99 ${cu.p99}; api cpu ${((a3 - a2) / 1e9 / el2).toFixed(2)}, worker ${((w3 - w2) / 1e9 / el2).toFixed(2)}`);
  await service.stop(); await bare.stop();
  process.exit(0);
})();
