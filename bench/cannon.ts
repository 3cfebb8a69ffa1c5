/** Latency of GET requests under N keep-alive connections, measured by autocannon (a cheap client beside the service). */
import { createRequire } from 'node:module';
import { Latency } from './latency';

interface CannonResult {
  requests: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number; max: number };
}

const autocannon = createRequire(__filename)('autocannon') as (options: object) => Promise<CannonResult>;

/** Each connection cycles through the paths from its own offset; 2 s of warm-up, then `seconds` measured. */
export async function cannonLatency(url: string, token: string, paths: string[], connections: number, seconds: number): Promise<Latency> {
  let offset = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections,
      duration,
      setupClient: (client: { setRequests(requests: object[]): void }) => {
        const start = (offset++ * 97) % paths.length;
        client.setRequests([...paths.slice(start), ...paths.slice(0, start)].slice(0, 200).map((path) => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } })));
      },
    });
  await run(2);
  const result = await run(seconds);
  const count = result.requests.total - result.non2xx - result.errors;
  return {
    count,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.non2xx + result.errors,
    firstError: result.non2xx + result.errors > 0 ? `${result.non2xx} non-2xx, ${result.errors} socket errors` : undefined,
    capped: false,
    timedOut: result.timeouts > 0,
  };
}
