import { TestApi } from './harness/test-api';
import { fixture, Fixture } from './harness/route-table';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

/** API.md "Errors": depth limit before validation, 415 for non-JSON bodies, 413 for oversized ones, empty bodies allowed. */
describe('hostile request bodies', () => {
  let api: TestApi;
  let ids: Fixture;
  let token: string;

  beforeAll(async () => {
    api = await TestApi.start();
    ids = await fixture(api, 'partner-a');
    token = await api.token('partner-a', ['global-admin']);
  });
  afterAll(() => api.stop());

  async function send(method: string, path: string, body: string | Uint8Array | undefined, contentType?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (contentType) headers['content-type'] = contentType;
    const response = await fetch(`${api.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : null };
  }

  it.each([3_000, 100_000])('a body nested %i levels deep is a 400 validation-failed problem, not a 500', async (depth) => {
    for (const body of [nested(depth), nestedObject(depth)]) {
      const answer = await send('POST', '/v1/customers', body, 'application/json');
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body.code).toBe('validation-failed');
      expect(answer.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('32') }]);
    }
  });

  it('the limit is 32 levels: 32 pass to validation, 33 are refused before it (brackets inside strings do not count)', async () => {
    const deep = (depth: number) => JSON.stringify({ name: 'Deep', billingCountry: 'TW', segment: 'commercial', extra: JSON.parse(nested(depth - 1)) });
    const at32 = await send('POST', '/v1/customers', deep(32), 'application/json');
    expect(at32.status).toBe(400);
    expect(at32.body.errors.map((e: { field: string }) => e.field)).toEqual(['extra']); // refused by validation (unknown field), not by depth
    const at33 = await send('POST', '/v1/customers', deep(33), 'application/json');
    expect(at33.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('32') }]);
    const bracketsInAString = JSON.stringify({ name: `Brackets \\\"${'[{'.repeat(40)}`, billingCountry: 'TW', segment: 'commercial' });
    expect((await send('POST', '/v1/customers', bracketsInAString, 'application/json')).status).toBe(201);
  });

  it.each([
    ['text/plain', 'name=x'],
    ['application/x-www-form-urlencoded', 'name=x&billingCountry=TW&segment=commercial'],
    ['application/xml', '<customer/>'],
  ])('a %s body is a 415 unsupported-media-type problem', async (contentType, body) => {
    const answer = await send('POST', '/v1/customers', body, contentType);
    expect(answer.status).toBe(415);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.code).toBe('unsupported-media-type');
  });

  it('a body without a content type is a 415', async () => {
    const answer = await send('POST', '/v1/customers', new TextEncoder().encode('{"name":"x"}'));
    expect(answer.status).toBe(415);
    expect(answer.body.code).toBe('unsupported-media-type');
  });

  it('a body larger than the limit is a 413 problem, never a 500', async () => {
    const answer = await send('POST', '/v1/customers', JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }), 'application/json');
    expect(answer.status).toBe(413);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.code).toBe('payload-too-large');
  });

  it('body-less commands (cancel, reactivate) work with no body, with or without content-type: application/json', async () => {
    expect((await send('POST', `/v1/subscriptions/${ids.subscriptionId}/suspend`, JSON.stringify({ reason: 'other' }), 'application/json')).status).toBe(200);
    expect((await send('POST', `/v1/subscriptions/${ids.subscriptionId}/reactivate`, '', 'application/json')).status).toBe(200);
    expect((await send('POST', `/v1/subscriptions/${ids.subscriptionId}/suspend`, JSON.stringify({ reason: 'other' }), 'application/json')).status).toBe(200);
    expect((await send('POST', `/v1/subscriptions/${ids.subscriptionId}/reactivate`, undefined)).status).toBe(200);
    expect((await send('POST', `/v1/subscriptions/${ids.subscriptionId}/cancel`, '', 'application/json; charset=utf-8')).status).toBe(200);
  });
});
