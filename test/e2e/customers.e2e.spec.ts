import { TestApi } from './harness/test-api';

describe('customers over HTTP (embedded stores)', () => {
  let api: TestApi;
  let sales: string;
  let otherPartner: string;

  beforeAll(async () => {
    api = await TestApi.start();
    sales = await api.token('partner-a', ['sales-agent']);
    otherPartner = await api.token('partner-b', ['global-admin']);
  });
  afterAll(() => api.stop());

  it('R4: creates a customer and reads it back once the read model caught up', async () => {
    const created = await api.request('POST', '/v1/customers', {
      token: sales,
      body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), revision: 0, position: expect.any(String) });

    const read = await api.request('GET', `/v1/customers/${created.body.id}?consistentWith=${created.body.position}`, { token: sales });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"0"');
    expect(read.body).toMatchObject({ id: created.body.id, name: 'Contoso', billingCountry: 'TW', segment: 'commercial' });

    const list = await api.request('GET', `/v1/customers?consistentWith=${created.body.position}`, { token: sales });
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    // API.md's own template: empty parameters mean "not given".
    expect((await api.request('GET', '/v1/customers?cursor=&limit=', { token: sales })).status).toBe(200);
    expect((await api.request('GET', '/v1/customers?limit=0', { token: sales })).status).toBe(400);
  });

  it('pages through customers with limit and nextCursor', async () => {
    for (const name of ['Page A', 'Page B', 'Page C']) {
      await api.request('POST', '/v1/customers', { token: sales, body: { name, billingCountry: 'TW', segment: 'commercial' } });
    }
    const head = (await api.request('GET', '/health')).body.details.eventStore.head;
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await api.request('GET', `/v1/customers?limit=2&cursor=${cursor}&consistentWith=${head}`, { token: sales });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  it('R1: another partner gets 404 for the customer and does not see it listed', async () => {
    const created = await api.request('POST', '/v1/customers', {
      token: sales,
      body: { name: 'Fabrikam', billingCountry: 'JP', segment: 'education' },
    });
    const read = await api.request('GET', `/v1/customers/${created.body.id}?consistentWith=${created.body.position}`, { token: otherPartner });
    expect(read.status).toBe(404);
    expect(read.headers.get('content-type')).toContain('application/problem+json');
    expect(read.body.code).toBe('not-found');
    const list = await api.request('GET', `/v1/customers?consistentWith=${created.body.position}`, { token: otherPartner });
    expect(list.body.items).toEqual([]);
  });

  it('R2: 401 without or with a bad token, 403 for a role without the permission', async () => {
    const body = { name: 'X', billingCountry: 'TW', segment: 'commercial' };
    const none = await api.request('POST', '/v1/customers', { body });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthenticated');
    const forged = await api.request('POST', '/v1/customers', { body, token: `${sales.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    const helpdesk = await api.token('partner-a', ['helpdesk-agent']);
    const refused = await api.request('POST', '/v1/customers', { body, token: helpdesk });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });

  it('R4: refuses bad input with 400 validation-failed and field errors, writing nothing', async () => {
    const bad = await api.request('POST', '/v1/customers', {
      token: sales,
      body: { name: '', billingCountry: 'Taiwan', segment: 'pirates', admin: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation-failed');
    const fields = bad.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['admin', 'billingCountry', 'name', 'segment']));
    const malformed = await api.request('POST', '/v1/customers', {
      token: sales,
      body: undefined,
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
  });

  it('R3: the correlation id header is validated: an unacceptable one is replaced by a generated one (API.md "Errors")', async () => {
    const bad = await api.request('POST', '/v1/customers', {
      token: sales,
      body: { name: 'Y', billingCountry: 'TW', segment: 'commercial' },
      headers: { 'x-correlation-id': 'bad id with spaces' },
    });
    expect(bad.status).toBe(201);
    expect(bad.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves /health without a token, naming the store modes and projection lag', async () => {
    const health = await api.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.details.eventStore).toMatchObject({ status: 'up', mode: 'sqlite' });
    expect(health.body.details.readStore).toMatchObject({ status: 'up', mode: 'embedded' });
    expect(health.body.details.readStore.projections[0]).toMatchObject({ projection: 'customers' });
  });

  it('serves the OpenAPI document without a token', async () => {
    const docs = await api.request('GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toContain('/v1/customers');
  });
});
