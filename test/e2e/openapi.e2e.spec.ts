import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestApi, HttpAnswer } from './harness/test-api';
import { describeRoute, fixture, ROUTES, withNewCommerce } from './harness/route-table';
import { matchTemplate, OpenApiDocument, responseSchema, schemaErrors } from '../support/openapi-response-check';

const ROOT = join(__dirname, '..', '..');
const REDOCLY = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
/** Redocly CLI phones home (telemetry, update check) unless told not to: this test must not need the network. */
const OFFLINE = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', DO_NOT_TRACK: '1' };

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
}

describe('OpenAPI document (issue 13 part 4)', () => {
  let api: TestApi;
  let document: OpenApiDocument & { security?: unknown; servers?: unknown; info?: unknown };
  let tempDir: string;

  beforeAll(async () => {
    api = await TestApi.start();
    document = (await api.request('GET', '/docs-json')).body;
    tempDir = await mkdtemp(join(tmpdir(), 'ledger-openapi-'));
  });
  afterAll(async () => {
    await api.stop();
    await rm(tempDir, { recursive: true, force: true });
  });

  /** The answer must be documented (path, method, status, media type) and conform to its schema. */
  function expectDocumented(method: string, url: string, answer: HttpAnswer): void {
    const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0];
    const schema = responseSchema(document, matchTemplate(document, url), method, answer.status, mediaType);
    expect({ call: `${method} ${url} -> ${answer.status}`, errors: schemaErrors(document, schema, answer.body) }).toEqual({ call: `${method} ${url} -> ${answer.status}`, errors: [] });
  }

  it('passes redocly lint (recommended rules) with no error, and no warning but the health routes\' missing 4xx', async () => {
    const file = join(tempDir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    // lint exits 1 when it finds errors: the report on stdout is what is checked.
    const output = await promisify(execFile)(process.execPath, [REDOCLY, 'lint', '--extends', 'recommended', '--format', 'json', file], {
      cwd: tempDir,
      env: { ...process.env, ...OFFLINE },
    }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const report: LintReport = JSON.parse(output.stdout);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // The health routes have no 4xx answer to document (they need nothing from the caller): the only warnings allowed.
    const warnings = report.problems.map((p) => `${p.ruleId} ${p.location[0].pointer}`);
    expect(warnings).toContain('operation-4xx-response #/paths/~1health/get/responses');
    expect(warnings.filter((w) => !/^operation-4xx-response #\/paths\/~1health(~1[a-z]+)?\/get\/responses$/.test(w))).toEqual([]);
  });

  it('documents every route with a summary, a success schema, a problem+json 4xx, and security unless public', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    const routes = new Set(ROUTES.map((route) => `${route.method.toLowerCase()} ${matchTemplate(document, route.path({ customerId: 'c', subscriptionId: 's', orderId: 'o' }))}`));
    expect(operations.map(({ path, method }) => `${method} ${path}`)).toEqual(expect.arrayContaining([...routes, 'get /health']));
    for (const { path, method, operation } of operations) {
      const where = `${method} ${path}`;
      expect({ where, summary: typeof operation.summary }).toEqual({ where, summary: 'string' });
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
      // 204 No Content has no body by definition (DELETE /v1/webhook-endpoints/:id); files (the
      // invoices' CSV and PDF) document their own media type instead of JSON.
      const files = ['text/csv', 'application/pdf'].some((type) => success?.[1].content?.[type]?.schema);
      expect({ where, schema: success?.[0] === '204' || Boolean(success?.[1].content?.['application/json']) || files }).toEqual({ where, schema: true });
      if (path.startsWith('/health')) {
        expect({ where, security: operation.security }).toEqual({ where, security: [] });
      } else {
        // An operation without its own `security` inherits the document's (bearer).
        expect({ where, security: operation.security ?? document.security }).toEqual({ where, security: [{ bearer: [] }] });
        const problems = Object.entries(operation.responses).filter(([status]) => status.startsWith('4'));
        expect(problems.length).toBeGreaterThan(0);
        for (const [, response] of problems) expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
      }
    }
    expect(document.servers).not.toEqual([]);
    expect(document.info).toMatchObject({ license: { name: expect.any(String) } });
  });

  it.each(ROUTES.map((route, i) => [describeRoute(route), route, i] as const))('the answer of %s conforms to its documented schema', async (_name, route, i) => {
    const partner = `openapi-${i}`;
    const legacy = await fixture(api, partner);
    const ids = route.newCommerce ? await withNewCommerce(api, partner, legacy) : legacy;
    const token = await api.token(partner, ['global-admin']);
    const url = route.path(ids);
    if (url.endsWith('/reactivate')) await api.request('POST', `/v1/subscriptions/${ids.subscriptionId}/suspend`, { token, body: { reason: 'other' } });
    const answer = await api.request(route.method, url, { token, body: route.body?.(), headers: route.headers?.() });
    expect(answer.status).toBeLessThan(300);
    expectDocumented(route.method, url, answer);
  });

  it('the answers of GET /health and the problem answers conform too', async () => {
    const partner = 'openapi-problems';
    const ids = await fixture(api, partner);
    const admin = await api.token(partner, ['global-admin']);
    const helpdesk = await api.token(partner, ['helpdesk-agent']);
    const calls: Array<[string, string, { token?: string; body?: unknown; headers?: Record<string, string> }, number]> = [
      ['GET', '/health', {}, 200],
      ['GET', '/v1/customers', {}, 401],
      ['POST', `/v1/subscriptions/${ids.subscriptionId}/cancel`, { token: helpdesk }, 403],
      ['GET', '/v1/subscriptions/no-such-subscription', { token: admin }, 404],
      ['POST', '/v1/customers', { token: admin, body: { name: '', billingCountry: 'Taiwan', segment: 'commercial' } }, 400],
      ['POST', `/v1/customers/${ids.customerId}/orders`, { token: admin, headers: { 'idempotency-key': 'refused' }, body: { lines: [{ offerId: 'no-such-offer', quantity: 1 }] } }, 422],
      ['POST', `/v1/subscriptions/${ids.subscriptionId}/reactivate`, { token: admin }, 409],
      ['POST', `/v1/subscriptions/${ids.subscriptionId}/suspend`, { token: admin, body: { reason: 'other' }, headers: { 'if-match': '"999"' } }, 412],
    ];
    for (const [method, url, options, status] of calls) {
      const answer = await api.request(method, url, options);
      expect({ call: `${method} ${url}`, status: answer.status }).toEqual({ call: `${method} ${url}`, status });
      expectDocumented(method, url, answer);
    }
  });
});
