import { TestApi } from './harness/test-api';

/** The console's development sign-in: a token route that exists only outside production, with the development secret. */
describe('development token route (outside production)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.stop());

  const mint = (body: unknown) => api.request('POST', '/v1/dev/token', { body });

  it('R2: mints a token for a demo partner and the chosen roles; /v1/me then says who that is and what its roles allow', async () => {
    const minted = await mint({ partnerId: 'demo-partner', roles: ['sales-agent'] });
    expect(minted.status).toBe(201);
    expect(Date.parse(minted.body.expiresAt)).toBeGreaterThan(Date.now());
    const me = await api.request('GET', '/v1/me', { token: minted.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      userId: 'console-user',
      partnerId: 'demo-partner',
      roles: ['sales-agent'],
      permissions: ['read', 'create-customer', 'order', 'cancel', 'toggle-auto-renew', 'schedule-changes'],
    });
    // The token is an ordinary one: R2's table applies (a sales-agent may not read the event feed).
    expect((await api.request('GET', '/v1/events', { token: minted.body.token })).status).toBe(403);
  });

  it('R1: a minted token acts for its partner only', async () => {
    const a = (await mint({ partnerId: 'partner-a', roles: ['global-admin'] })).body.token;
    const b = (await mint({ partnerId: 'partner-b', roles: ['global-admin'] })).body.token;
    const created = await api.request('POST', '/v1/customers', { token: a, body: { name: 'A Co', billingCountry: 'TW', segment: 'commercial' } });
    expect(created.status).toBe(201);
    expect((await api.request('GET', `/v1/customers/${created.body.id}?consistentWith=${created.body.position}`, { token: b })).status).toBe(404);
    expect((await api.request('GET', `/v1/customers/${created.body.id}`, { token: a })).status).toBe(200);
  });

  it('refuses unknown roles, unknown fields, a bad partner id and an empty role list (400, naming each field)', async () => {
    for (const [body, field] of [
      [{ partnerId: 'demo-partner', roles: ['root'] }, 'roles'],
      [{ partnerId: 'demo-partner', roles: ['global-admin'], admin: true }, 'admin'],
      [{ partnerId: '../etc', roles: ['global-admin'] }, 'partnerId'],
      [{ partnerId: 'demo-partner', roles: [] }, 'roles'],
      [{ partnerId: 'demo-partner', roles: 'global-admin' }, 'roles'],
    ] as const) {
      const refused = await mint(body);
      expect({ body, status: refused.status, code: refused.body.code }).toEqual({ body, status: 400, code: 'validation-failed' });
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('R2: /v1/me needs a token (401 without one)', async () => {
    expect((await api.request('GET', '/v1/me')).status).toBe(401);
  });

  it('is not part of the OpenAPI contract (development only)', async () => {
    const document = (await api.request('GET', '/docs-json')).body;
    expect(Object.keys(document.paths)).not.toContain('/v1/dev/token');
    expect(Object.keys(document.paths)).toContain('/v1/me');
  });
});

describe('development token route in production', () => {
  it('does not exist with NODE_ENV=production (404), so no token can be minted there', async () => {
    const api = await TestApi.start({ testClockRoutes: false, env: { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-production-secret-of-at-least-32-characters!' } });
    try {
      const answer = await api.request('POST', '/v1/dev/token', { body: { partnerId: 'demo-partner', roles: ['global-admin'] } });
      expect(answer.status).toBe(404);
      expect(answer.body.token).toBeUndefined();
    } finally {
      await api.stop();
    }
  });

  it('does not exist outside production either when tokens are signed with a secret of the operator', async () => {
    const api = await TestApi.start({ env: { AUTH_JWT_SECRET: 'an-operator-secret-of-at-least-32-characters!' } });
    try {
      expect((await api.request('POST', '/v1/dev/token', { body: { partnerId: 'demo-partner', roles: ['global-admin'] } })).status).toBe(404);
    } finally {
      await api.stop();
    }
  });
});
