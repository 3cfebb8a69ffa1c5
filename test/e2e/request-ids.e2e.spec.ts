import { Writable } from 'node:stream';
import { TestApi } from './harness/test-api';
import { fixture, Fixture } from './harness/route-table';
import { CustomersController } from '../../apps/api/src/customers/customers.controller';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Collects the JSON log lines the service writes. */
class LogLines extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(JSON.parse(line));
    done();
  }
}

describe('X-Request-Id and X-Correlation-Id (API.md "Errors", R3)', () => {
  let api: TestApi;
  let log: LogLines;
  let ids: Fixture;
  let token: string;

  beforeAll(async () => {
    log = new LogLines();
    api = await TestApi.start({ logDestination: log });
    ids = await fixture(api, 'partner-a');
    token = await api.token('partner-a', ['global-admin']);
  });
  afterAll(() => api.stop());

  const echoed = (answer: { headers: Headers }) => ({ requestId: answer.headers.get('x-request-id'), correlationId: answer.headers.get('x-correlation-id') });

  it("R3: the client's ids are echoed on a 200, a 401, a 404 and a 400", async () => {
    const sent = { 'x-request-id': 'req-123', 'x-correlation-id': 'ticket-4711' };
    const answers = [
      await api.request('GET', '/v1/customers', { token, headers: sent }),
      await api.request('GET', '/v1/customers', { headers: sent }),
      await api.request('GET', '/v1/no-such-route', { token, headers: sent }),
      await api.request('POST', '/v1/customers', { token, headers: sent, body: { name: '' } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 400]);
    for (const answer of answers) expect(echoed(answer)).toEqual({ requestId: 'req-123', correlationId: 'ticket-4711' });
  });

  it('R3: without ids, or with unacceptable ones (too long, with spaces, empty), new UUIDs are generated and echoed', async () => {
    const none = echoed(await api.request('GET', '/v1/customers', { token }));
    expect(none.requestId).toMatch(UUID);
    expect(none.correlationId).toMatch(UUID);
    expect(none.requestId).not.toBe(none.correlationId);
    for (const bad of ['x'.repeat(129), 'has spaces', '']) {
      const answer = await api.request('GET', '/v1/customers', { token, headers: { 'x-request-id': bad, 'x-correlation-id': bad } });
      expect(answer.status).toBe(200);
      expect(echoed(answer).requestId).toMatch(UUID);
      expect(echoed(answer).correlationId).toMatch(UUID);
    }
    const longest = 'y'.repeat(128);
    expect(echoed(await api.request('GET', '/v1/customers', { token, headers: { 'x-request-id': longest } })).requestId).toBe(longest);
  });

  it("R3: the correlation id generated for a command is the one echoed and the one recorded in its events' metadata", async () => {
    const suspended = await api.request('POST', `/v1/subscriptions/${ids.subscriptionId}/suspend`, { token, body: { reason: 'other' } });
    expect(suspended.status).toBe(200);
    const generated = echoed(suspended).correlationId;
    expect(generated).toMatch(UUID);
    const reactivated = await api.request('POST', `/v1/subscriptions/${ids.subscriptionId}/reactivate`, { token, headers: { 'x-correlation-id': 'ticket-99' } });
    expect(reactivated.status).toBe(200);
    const history = await api.request('GET', `/v1/subscriptions/${ids.subscriptionId}/history?consistentWith=${reactivated.body.position}`, { token });
    const byType = (type: string) => history.body.items.find((event: { type: string }) => event.type === type);
    expect(byType('SubscriptionSuspended').correlationId).toBe(generated);
    expect(byType('SubscriptionReactivated').correlationId).toBe('ticket-99');
  });

  it('R3: every log line of a request carries its request id and correlation id', async () => {
    const answer = await api.request('POST', '/v1/customers', { token, headers: { 'x-request-id': 'logged-request' }, body: { name: 'Logged', billingCountry: 'TW', segment: 'commercial' } });
    expect(answer.status).toBe(201);
    const correlationId = echoed(answer).correlationId;
    const lines = log.lines.filter((line) => JSON.stringify(line).includes('logged-request'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'logged-request', correlationId });
  });

  /** The request's lines, once its completion line is written (after the answer has left). */
  async function linesOf(requestId: string): Promise<Array<Record<string, unknown>>> {
    for (let tries = 0; tries < 100; tries++) {
      const lines = log.lines.filter((line) => line.requestId === requestId);
      if (lines.some((line) => line.msg === 'request completed' || line.msg === 'request errored')) return lines;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no completion line for ${requestId}`);
  }

  it('one log line per request: method, url, status, duration and both ids; no headers, no token', async () => {
    const answers = [
      ['lean-200', await api.request('GET', '/v1/customers?limit=1', { token, headers: { 'x-request-id': 'lean-200' } })],
      ['lean-201', await api.request('POST', '/v1/customers', { token, headers: { 'x-request-id': 'lean-201' }, body: { name: 'Lean', billingCountry: 'TW', segment: 'commercial' } })],
      ['lean-400', await api.request('POST', '/v1/customers', { token, headers: { 'x-request-id': 'lean-400' }, body: { name: '' } })],
      ['lean-401', await api.request('GET', '/v1/customers', { headers: { 'x-request-id': 'lean-401' } })],
      ['lean-404', await api.request('GET', '/v1/no-such-route', { token, headers: { 'x-request-id': 'lean-404' } })],
      ['lean-414', await api.request('GET', `/v1/customers/${'c'.repeat(200)}`, { token, headers: { 'x-request-id': 'lean-414' } })],
    ] as const;
    for (const [requestId, answer] of answers) {
      const lines = await linesOf(requestId);
      expect(lines).toHaveLength(1);
      const [line] = lines;
      expect(line).toMatchObject({ level: 30, msg: 'request completed', requestId, correlationId: echoed(answer).correlationId, res: { statusCode: answer.status } });
      expect(typeof line.responseTime).toBe('number');
      expect(Object.keys(line.req as object).sort()).toEqual(['method', 'url']);
      expect(Object.keys(line.res as object)).toEqual(['statusCode']);
      expect(JSON.stringify(line)).not.toContain(token);
      expect(JSON.stringify(line)).not.toContain('content-security-policy');
    }
    expect((await linesOf('lean-200'))[0].req).toEqual({ method: 'GET', url: '/v1/customers?limit=1' });
  });

  it('a 5xx is the same one line, at level error, with the error and its stack', async () => {
    const queries = (api.app.get(CustomersController) as unknown as { queries: { execute: (query: unknown) => Promise<unknown> } }).queries;
    const execute = queries.execute;
    queries.execute = () => Promise.reject(new Error('read store exploded'));
    try {
      const answer = await api.request('GET', '/v1/customers', { token, headers: { 'x-request-id': 'lean-500' } });
      expect(answer.status).toBe(500);
      expect(JSON.stringify(answer.body)).not.toContain('exploded');
      const lines = await linesOf('lean-500');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 50, requestId: 'lean-500', res: { statusCode: 500 }, err: { message: 'read store exploded' } });
      expect((lines[0].err as { stack: string }).stack).toContain('CustomersController.list');
    } finally {
      queries.execute = execute;
    }
  });
});
