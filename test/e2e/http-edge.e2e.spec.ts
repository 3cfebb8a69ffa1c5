import { TestApi } from './harness/test-api';

describe('security headers (@fastify/helmet)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.stop());

  it('API answers carry the security headers, errors included', async () => {
    for (const answer of [await api.request('GET', '/health'), await api.request('GET', '/v1/customers')]) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(answer.headers.get('strict-transport-security')).toContain('max-age=');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('the Swagger UI at /docs still loads: its scripts and styles are same-origin and allowed by the CSP', async () => {
    const page = await fetch(`${api.baseUrl}/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/style-src [^;]*'unsafe-inline'/);
    expect(csp).toMatch(/img-src [^;]*data:/);
    const html = await page.text();
    const assets = [...html.matchAll(/<(?:script src|link rel="stylesheet" type="text\/css" href)=['"]([^'"]+)['"]/g)].map((match) => match[1]);
    expect(assets.length).toBe(4); // three scripts and the stylesheet
    expect(html).not.toMatch(/<script>/); // no inline script the CSP would block
    for (const asset of assets) {
      const url = new URL(asset, `${api.baseUrl}/docs`);
      expect(url.origin).toBe(api.baseUrl);
      const loaded = await fetch(url);
      await loaded.arrayBuffer(); // read it whole: an unread 1 MB script would hold the connection open at close
      expect(loaded.status).toBe(200);
    }
  });

  it('without CORS_ORIGINS there is no CORS: a preflight is not answered with allow headers', async () => {
    const preflight = await fetch(`${api.baseUrl}/v1/customers`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    await preflight.arrayBuffer();
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('every error is problem+json, the router\'s own refusals included (API.md "Errors")', () => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await TestApi.start();
    token = await api.token('partner-a', ['global-admin']);
  });
  afterAll(() => api.stop());

  const sent = { 'x-request-id': 'edge-1', 'x-correlation-id': 'edge-corr-1' };

  function expectProblemAnswer(answer: { status: number; headers: Headers; body: any }, status: number, code: string): void {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(answer.body).toMatchObject({ type: `https://ledger.example/problems/${code}`, title: expect.any(String), status, code, detail: expect.any(String) });
    expect(answer.headers.get('x-request-id')).toBe('edge-1');
    expect(answer.headers.get('x-correlation-id')).toBe('edge-corr-1');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
  }

  it('a path parameter over the router\'s limit is a 414 uri-too-long problem, not plain JSON', async () => {
    for (const path of [`/v1/customers/${'c'.repeat(101)}`, `/v1/subscriptions/${'s'.repeat(5000)}/suspend`]) {
      const answer = await api.request('GET', path, { token, headers: sent });
      expectProblemAnswer(answer, 414, 'uri-too-long');
      expect(answer.body.title).toBe('URI Too Long');
      expect(answer.body.detail).toContain('100 characters');
      expect(JSON.stringify(answer.body)).not.toContain('FST_ERR');
    }
    // At the limit it is routed as usual: an unknown id is a 404.
    expectProblemAnswer(await api.request('GET', `/v1/customers/${'c'.repeat(100)}`, { token, headers: sent }), 404, 'not-found');
  });

  it('a malformed percent-encoding in the path is a 400 validation-failed problem with errors', async () => {
    const answer = await api.request('GET', '/v1/customers/%E0%A4%A', { token, headers: sent });
    expectProblemAnswer(answer, 400, 'validation-failed');
    expect(answer.body.errors).toEqual([{ field: 'path', message: expect.stringContaining('percent-encode') }]);
  });

  it('a 415 says which media type is accepted, in its detail and in Accept-Post / Accept-Patch', async () => {
    const post = await fetch(`${api.baseUrl}/v1/customers`, { method: 'POST', headers: { ...sent, authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: 'name\nx' });
    const body = (await post.json()) as { detail: string };
    expectProblemAnswer({ status: post.status, headers: post.headers, body }, 415, 'unsupported-media-type');
    expect(body.detail).toContain('application/json');
    expect(body.detail).toContain('text/csv');
    expect(post.headers.get('accept-post')).toBe('application/json');
    const patch = await fetch(`${api.baseUrl}/v1/webhook-endpoints/whe-1`, { method: 'PATCH', headers: { ...sent, authorization: `Bearer ${token}` }, body: new TextEncoder().encode('{}') });
    const patchBody = (await patch.json()) as { detail: string };
    expect(patch.status).toBe(415);
    expect(patchBody.detail).toContain('no Content-Type');
    expect(patch.headers.get('accept-patch')).toBe('application/json');
  });
});

describe('CORS (CORS_ORIGINS)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start({ env: { CORS_ORIGINS: 'https://app.example.com,http://localhost:5173' } });
  });
  afterAll(() => api.stop());

  async function preflight(origin: string): Promise<Response> {
    const answer = await fetch(`${api.baseUrl}/v1/customers`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    await answer.arrayBuffer();
    return answer;
  }

  it('a preflight from a configured origin is answered (not a 404) with the allowed methods and headers', async () => {
    const answer = await preflight('https://app.example.com');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('authorization'));
    expect(answer.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('idempotency-key'));
  });

  it('another origin is not allowed', async () => {
    expect((await preflight('https://evil.example.net')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a cross-origin request may read the ids and the ETag', async () => {
    const token = await api.token('partner-a', ['global-admin']);
    const answer = await api.request('GET', '/v1/customers', { token, headers: { origin: 'http://localhost:5173' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('x-request-id'));
    expect(answer.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('etag'));
  });
});

describe('rate limiting per partner (@nestjs/throttler, RATE_LIMIT_PER_MINUTE)', () => {
  const LIMIT = 5;
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  });
  afterAll(() => api.stop());

  it('a partner over its limit gets 429 rate-limited with Retry-After, while another partner still passes', async () => {
    const a = await api.token('partner-a', ['global-admin']);
    const a2 = await api.token('partner-a', ['sales-agent'], 'another-user-of-a');
    const b = await api.token('partner-b', ['global-admin']);
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      // Two users and two routes of partner A share one budget.
      const answer = await api.request('GET', i % 2 ? '/v1/customers' : '/v1/offers', { token: i % 2 ? a : a2 });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      remaining.push(answer.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await api.request('GET', '/v1/customers', { token: a });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body.code).toBe('rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-request-id')).toBeTruthy();
    expect((await api.request('GET', '/v1/customers', { token: b })).status).toBe(200);
  });

  it('requests without a valid token are limited by address; /health is never limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await api.request('GET', '/v1/customers', { token: 'not-a-jwt' })).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
    for (let i = 0; i < LIMIT * 2; i++) expect((await api.request('GET', '/health')).status).toBe(200);
  });
});
