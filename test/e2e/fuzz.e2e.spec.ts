import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { TestApi } from './harness/test-api';
import { describeRoute, Fixture, fixture, headPosition, ROUTES } from './harness/route-table';

/** Bodies a careless or hostile client might send, valid ones mutated included. */
function bodies(valid: unknown) {
  const nasty = fc.constantFrom<unknown>(
    { __proto__: { admin: true } },
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
    { lines: [{ offerId: { $gt: '' } }] },
    { lines: 'x'.repeat(100_000) },
    { reason: null },
    { quantity: 1e308 },
    { quantity: -1 },
    { enabled: 'true' },
    [],
    null,
    'a string',
    42,
  );
  const mutated = fc.record({ extra: fc.jsonValue() }).map((extra) => ({ ...(valid as object), ...extra }));
  const retyped = fc.jsonValue().map((value) =>
    valid && typeof valid === 'object' ? Object.fromEntries(Object.keys(valid).map((k) => [k, value])) : value,
  );
  return fc.oneof(fc.jsonValue(), fc.anything(), nasty, mutated, retyped);
}

const headerValue = fc.oneof(fc.string(), fc.constantFrom('', ' ', '"1"', 'W/"0"', '*', 'x'.repeat(300), 'é', '1e5'));

describe('fuzzing every command route (fast-check)', () => {
  let api: TestApi;
  let ids: Fixture;
  let token: string;

  beforeAll(async () => {
    api = await TestApi.start();
    ids = await fixture(api, 'partner-a');
    token = await api.token('partner-a', ['global-admin']);
  });
  afterAll(() => api.stop());

  const commandRoutes = ROUTES.filter((route) => route.method !== 'GET');

  it.each(commandRoutes.map((route) => [describeRoute(route), route] as const))(
    '%s: random input never gives a 5xx, and a 4xx writes nothing',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(bodies(route.body?.() ?? {}), fc.record({ key: headerValue, ifMatch: headerValue, correlation: headerValue }, { requiredKeys: [] }), async (body, headers) => {
          const before = await headPosition(api);
          const sent: Record<string, string> = {};
          if (headers.key !== undefined) sent['idempotency-key'] = headers.key;
          if (headers.ifMatch !== undefined) sent['if-match'] = headers.ifMatch;
          if (headers.correlation !== undefined) sent['x-correlation-id'] = headers.correlation;
          let answer;
          try {
            answer = await api.request(route.method, route.path(ids), { token, body: body === undefined ? null : body, headers: sent });
          } catch (error) {
            // A header value fetch itself refuses to send (not HTTP-legal) never reached us.
            if (error instanceof TypeError) return;
            throw error;
          }
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(answer.headers.get('content-type')).toContain('application/problem+json');
            expect(await headPosition(api)).toBe(before);
          }
        }),
        { numRuns: 60 },
      );
    },
    60_000,
  );

  /** A raw request (fetch refuses a GET with a body), tolerant of a server that answers before reading everything. */
  function send(method: string, path: string, body: string): Promise<{ status: number; contentType: string; code?: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${api.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...routeHeaders(method) },
      });
      let answered = false;
      request.on('response', (response) => {
        answered = true;
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => {
          let code: string | undefined;
          try {
            code = JSON.parse(text).code;
          } catch {
            /* not JSON */
          }
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? '', code });
        });
      });
      // A 413 may be sent (and the socket closed) before the whole body is written: that is the answer.
      request.on('error', (error) => (answered ? undefined : reject(error)));
      request.end(body);
    });
  }
  const routeHeaders = (method: string): Record<string, string> => (method === 'GET' ? {} : { 'idempotency-key': `fuzz-${Date.now()}-${Math.random()}` });

  /** Objects and arrays nested `openers.length` deep, alone or inside a valid-looking body. */
  const nestedBody = fc
    .record({
      // Shallow, just over the limit, and deep enough to overflow a recursive walk.
      openers: fc
        .oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 3_000, max: 20_000 }))
        .chain((depth) => fc.array(fc.constantFrom('[', '{"k":', '[1,', '{"a":1,"b":'), { minLength: depth, maxLength: depth })),
      leaf: fc.constantFrom('null', '1', '"s"', '{}', '[]'),
      wrapped: fc.boolean(),
    })
    .map(({ openers, leaf, wrapped }) => {
      const closers = openers.map((opener) => (opener.startsWith('[') ? ']' : '}')).reverse().join('');
      const inner = `${openers.join('')}${leaf}${closers}`;
      const depth = openers.length + (leaf === '{}' || leaf === '[]' ? 1 : 0) + (wrapped ? 1 : 0);
      return { text: wrapped ? `{"name":${inner}}` : inner, depth };
    });

  const oversizedBody = fc
    .record({ extra: fc.integer({ min: 1, max: 1024 * 1024 }), shape: fc.constantFrom('string', 'array', 'junk') })
    .map(({ extra, shape }) => {
      const size = 1024 * 1024 + extra;
      if (shape === 'string') return `{"name":"${'a'.repeat(size)}"}`;
      if (shape === 'array') return `[${'1,'.repeat(size / 2)}1]`;
      return 'x'.repeat(size);
    });

  it.each(ROUTES.map((route) => [describeRoute(route), route] as const))(
    '%s: nested bodies never give a 5xx; deeper than 32 levels is a 400 validation-failed problem on routes that read a body',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(nestedBody, async ({ text, depth }) => {
          const answer = await send(route.method, route.path(ids), text);
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.contentType).toContain('application/problem+json');
          if (route.method !== 'GET' && depth > 32) expect([answer.status, answer.code]).toEqual([400, 'validation-failed']);
        }),
        { numRuns: 25 },
      );
    },
    60_000,
  );

  it.each(ROUTES.map((route) => [describeRoute(route), route] as const))(
    '%s: bodies over the 1 MiB limit never give a 5xx; on routes that read a body they are a 413 problem',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(oversizedBody, async (text) => {
          const answer = await send(route.method, route.path(ids), text);
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.contentType).toContain('application/problem+json');
          if (route.method !== 'GET') expect([answer.status, answer.code]).toEqual([413, 'payload-too-large']);
        }),
        { numRuns: 8 },
      );
    },
    60_000,
  );
});
