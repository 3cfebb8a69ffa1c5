import { TestApi } from './harness/test-api';
import { describeRoute, Fixture, fixture, headPosition, ROUTES } from './harness/route-table';

describe('R1 partner isolation on every route', () => {
  let api: TestApi;
  let a: Fixture;
  let otherToken: string;

  beforeAll(async () => {
    api = await TestApi.start();
    a = await fixture(api, 'partner-a');
    await fixture(api, 'partner-b');
    otherToken = await api.token('partner-b', ['global-admin']);
  });
  afterAll(() => api.stop());

  it.each(ROUTES.filter((r) => r.takesForeignId).map((route) => [describeRoute(route), route] as const))(
    'R1: %s with another partner\'s id is 404 (never 403) and writes nothing',
    async (_name, route) => {
      const before = await headPosition(api);
      const answer = await api.request(route.method, route.path(a), { token: otherToken, body: route.body?.(), headers: route.headers?.() });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toMatch(/not-found$/);
      expect(await headPosition(api)).toBe(before);
    },
  );

  it('R1: lists and the dashboard of partner B show nothing of partner A', async () => {
    const head = await headPosition(api);
    const customers = await api.request('GET', `/v1/customers?consistentWith=${head}`, { token: otherToken });
    expect(customers.body.items.map((c: { id: string }) => c.id)).not.toContain(a.customerId);
    const dashboardA = await api.request('GET', '/v1/dashboard/summary', { token: await api.token('partner-a', ['global-admin']) });
    const dashboardB = await api.request('GET', '/v1/dashboard/summary', { token: otherToken });
    expect(dashboardA.body.countsByStatus.active).toBe(1);
    expect(dashboardB.body.countsByStatus.active).toBe(1);
    expect(dashboardB.body.monthlyRecurringRevenue).toEqual({ amount: '216.00', currency: 'USD' });
  });
});
