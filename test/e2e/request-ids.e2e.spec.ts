import { Writable } from 'node:stream';
import { TestApi } from './harness/test-api';
import { fixture, Fixture } from './harness/route-table';

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
});
