import { SignJWT } from 'jose';
import { can, ROLES } from '@ledger/domain';
import { TestApi } from './harness/test-api';
import { describeRoute, Fixture, fixture, ROUTES } from './harness/route-table';

describe('R2 authorisation on every route, for every role', () => {
  let api: TestApi;
  let ids: Fixture;

  beforeAll(async () => {
    api = await TestApi.start();
    ids = await fixture(api, 'partner-a');
  });
  afterAll(() => api.stop());

  const cases = ROUTES.flatMap((route) => ROLES.map((role) => [describeRoute(route), role, route] as const));

  it.each(cases)('R2: %s as %s is allowed exactly when the matrix says so', async (_name, role, route) => {
    const token = await api.token('partner-a', [role]);
    const answer = await api.request(route.method, route.path(ids), { token, body: route.body?.(), headers: route.headers?.() });
    if (can([role], route.permission)) {
      expect([401, 403]).not.toContain(answer.status);
      expect(answer.status).toBeLessThan(500);
    } else {
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('forbidden');
    }
  });

  it.each(ROUTES.map((route) => [describeRoute(route), route] as const))('R2: %s without a token, with a forged or expired one is 401', async (_name, route) => {
    const none = await api.request(route.method, route.path(ids), { body: route.body?.() });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthenticated');
    const forged = await new SignJWT({ pid: 'partner-a', roles: ['global-admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').sign(new TextEncoder().encode('not-the-secret'));
    expect((await api.request(route.method, route.path(ids), { token: forged, body: route.body?.() })).status).toBe(401);
    const expired = await new SignJWT({ pid: 'partner-a', roles: ['global-admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(api.config.auth.jwtSecret!));
    expect((await api.request(route.method, route.path(ids), { token: expired, body: route.body?.() })).status).toBe(401);
  });

  it('R2: a token without a partner or with malformed roles is 401', async () => {
    const secret = new TextEncoder().encode(api.config.auth.jwtSecret!);
    const noPartner = await new SignJWT({ roles: ['global-admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuedAt().setExpirationTime('5m').sign(secret);
    expect((await api.request('GET', '/v1/customers', { token: noPartner })).status).toBe(401);
    const badRoles = await new SignJWT({ pid: 'partner-a', roles: 'global-admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuedAt().setExpirationTime('5m').sign(secret);
    expect((await api.request('GET', '/v1/customers', { token: badRoles })).status).toBe(401);
  });

  it('R2: an unknown role grants nothing', async () => {
    const token = await api.token('partner-a', ['root']);
    expect((await api.request('GET', '/v1/customers', { token })).status).toBe(403);
  });

  it('R2: /health, /docs and /docs-json need no token', async () => {
    for (const path of ['/health', '/docs', '/docs-json']) expect((await api.request('GET', path)).status).toBe(200);
  });
});
