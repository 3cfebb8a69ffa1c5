import fc from 'fast-check';
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
});
