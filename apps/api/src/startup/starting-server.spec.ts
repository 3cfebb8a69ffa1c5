import { createServer } from 'node:net';
import { StartingServer } from './starting-server';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('StartingServer (what answers while the api checks its stores and builds the app)', () => {
  let port: number;
  let starting: StartingServer;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  beforeEach(async () => {
    port = await freePort();
    starting = await StartingServer.listen(port, '127.0.0.1');
  });
  afterEach(() => starting.close());

  it('the process is live; /health and /health/ready are down with the current step', async () => {
    starting.doing('checking the stores');
    const live = await fetch(url('/health/live'));
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    for (const path of ['/health', '/health/ready']) {
      const answer = await fetch(url(path));
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as { details: { startup: { seconds: number } } };
      expect(body).toMatchObject({ status: 'error', details: { startup: { status: 'down', step: 'checking the stores' } } });
      expect(body.details.startup.seconds).toBeGreaterThanOrEqual(0);
    }
    starting.doing('building the app');
    expect(((await (await fetch(url('/health'))).json()) as { details: { startup: { step: string } } }).details.startup.step).toBe('building the app');
  });

  it('anything else is 503 storage-unavailable (API.md) with Retry-After and the request ids, nothing served', async () => {
    starting.doing('checking the stores');
    const answer = await fetch(url('/v1/customers'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' }, body: '{"name":"x"}' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('x-request-id')).toBe('req-1');
    expect(answer.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await answer.json()).toEqual({
      type: 'https://ledger.example/problems/storage-unavailable',
      title: 'Service Unavailable',
      status: 503,
      code: 'storage-unavailable',
      detail: 'the service is starting (checking the stores); retry shortly',
    });
  });

  it('close frees the port for the app at once', async () => {
    await fetch(url('/health'));
    await starting.close();
    const next = createServer();
    await new Promise<void>((resolve, reject) => next.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => next.close(resolve));
    starting = await StartingServer.listen(port, '127.0.0.1');
  });
});
