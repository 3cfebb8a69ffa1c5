import { TestApi } from './harness/test-api';
import { fixture } from './harness/route-table';

/** Samples of one series in Prometheus text: `name{labels} value` lines. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('GET /metrics (API.md "Operations")', () => {
  let api: TestApi;
  let text: string;
  let partnerIds: string[];

  beforeAll(async () => {
    api = await TestApi.start();
    partnerIds = ['metrics-partner-a', 'metrics-partner-b'];
    for (const partner of partnerIds) {
      const { subscriptionId } = await fixture(api, partner);
      const token = await api.token(partner, ['global-admin']);
      await api.request('POST', `/v1/subscriptions/${subscriptionId}/suspend`, { token, body: { reason: 'other' } });
      await api.request('GET', `/v1/subscriptions/${subscriptionId}`, { token });
    }
    await api.request('GET', '/v1/customers'); // 401: answered by the guard
    await api.request('GET', '/v1/no-such-route/123');
    await api.request('GET', '/metrics');
    const answer = await api.request<string>('GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    text = answer.body;
  });
  afterAll(() => api.stop());

  it('needs no token', async () => {
    expect((await api.request('GET', '/metrics')).status).toBe(200);
  });

  it('times HTTP requests by route template, method and status, never by raw URL', () => {
    const http = samples(text, 'http_request_duration_seconds_count');
    expect(http).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^http_request_duration_seconds_count\{route="\/v1\/subscriptions\/:subscriptionId",method="GET",status="200"\} 4$/), // fixture + test
        expect.stringMatching(/^http_request_duration_seconds_count\{route="\/v1\/subscriptions\/:subscriptionId\/suspend",method="POST",status="200"\} 2$/),
        expect.stringMatching(/^http_request_duration_seconds_count\{route="\/v1\/customers",method="POST",status="201"\} 2$/),
        expect.stringMatching(/^http_request_duration_seconds_count\{route="\/v1\/customers",method="GET",status="401"\} 1$/),
        expect.stringMatching(/^http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} 1$/),
      ]),
    );
    expect(samples(text, 'http_request_duration_seconds_bucket').length).toBeGreaterThan(0);
    expect(text).not.toMatch(/route="\/metrics"/);
    expect(text).not.toMatch(/no-such-route/);
  });

  it('times event-store appends', () => {
    const [appendMany] = samples(text, 'ledger_event_store_append_duration_seconds_count').filter((l) => l.includes('operation="appendMany"'));
    expect(Number(appendMany.split(' ')[1])).toBeGreaterThanOrEqual(2); // one per order
    const [append] = samples(text, 'ledger_event_store_append_duration_seconds_count').filter((l) => l.includes('operation="append",outcome="ok"'));
    expect(Number(append.split(' ')[1])).toBeGreaterThanOrEqual(4); // customers, suspensions
  });

  it('shows every read model\'s lag in events and seconds', () => {
    for (const series of ['ledger_projection_lag_events', 'ledger_projection_lag_seconds']) {
      const lines = samples(text, series);
      expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${series}\\{projection="subscriptions"\\} \\d`))]));
    }
  });

  it('counts timers due and overdue, moving with the clock', async () => {
    expect(samples(text, 'ledger_timers_due')).toEqual(['ledger_timers_due 0']);
    expect(samples(text, 'ledger_timers_overdue')).toEqual(['ledger_timers_overdue 0']);
    // Both suspended monthly subscriptions reach their term end (R13) two months on; no timer loop has run.
    api.clock.set(new Date(api.clock.now().getTime() + 62 * 86_400_000));
    const later = (await api.request<string>('GET', '/metrics')).body;
    expect(Number(samples(later, 'ledger_timers_due')[0].split(' ')[1])).toBeGreaterThanOrEqual(2);
    expect(Number(samples(later, 'ledger_timers_overdue')[0].split(' ')[1])).toBeGreaterThanOrEqual(2);
  });

  it('declares the webhook delivery series', () => {
    expect(text).toContain('# TYPE ledger_webhook_deliveries_pending gauge');
    expect(text).toContain('# TYPE ledger_webhook_deliveries_failed gauge');
  });

  it('never carries a partner id in a label', () => {
    for (const partner of partnerIds) expect(text).not.toContain(partner);
  });
});
