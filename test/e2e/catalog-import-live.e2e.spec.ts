import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ServiceProcess, until } from './service/service-process';

const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'libs/infrastructure/src/catalog/demo-catalog.json');

/**
 * API.md "Catalog", R26: `npm run cli -- import-catalog` against the running service's
 * DATA_DIR: the new price shows on GET /v1/offers within seconds; an existing subscription
 * keeps its locked price and takes the new one at its renewal.
 */
describe('catalog import while the service runs (R5, R25, R26)', () => {
  let dataDir: string;
  let service: ServiceProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-import-live-'));
    service = await ServiceProcess.start(dataDir, 60_000, { env: { TEST_CLOCK: 'enabled' } });
  }, 90_000);
  afterAll(async () => {
    await service?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('R26: a new option price is served within seconds of the import; the subscription bought before renews at it', async () => {
    const admin = await service.token('partner-a', ['global-admin']);
    const customer = await service.request('POST', '/v1/customers', { token: admin, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } });
    const bought = await service.request('POST', `/v1/customers/${customer.body.id}/orders`, {
      token: admin,
      headers: { 'idempotency-key': 'before-import' },
      body: { lines: [{ offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1M', billingFrequency: 'monthly' }] },
    });
    expect(bought.status).toBe(201);
    const subscriptionId = bought.body.subscriptions[0].id;
    expect(bought.body.subscriptions[0].unitPrice.amount).toBe('43.20');

    const catalog = JSON.parse(await readFile(DEMO, 'utf8'));
    const e3 = catalog.offers.find((o: { id: string }) => o.id === 'm365-e3-nce');
    e3.purchaseOptions.find((o: { termDuration: string }) => o.termDuration === 'P1M').unitPrice = '45.00';
    const file = join(dataDir, 'catalog-2026-next.json');
    await writeFile(file, JSON.stringify({ ...catalog, version: 'next' }));
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'apps/cli/src/main.ts'), 'import-catalog', file], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' },
    });
    expect(stdout).toContain('published 1 offer(s)');
    const served = await until(async () => {
      const offer = await service.request('GET', '/v1/offers/m365-e3-nce', { token: admin });
      return offer.body.purchaseOptions?.find((o: { termDuration: string; unitPrice: { amount: string } }) => o.termDuration === 'P1M' && o.unitPrice.amount === '45.00');
    }, 10_000, 'the new price on GET /v1/offers');
    expect(served).toBeTruthy();

    const locked = await service.request('GET', `/v1/subscriptions/${subscriptionId}`, { token: admin });
    expect(locked.body.unitPrice.amount).toBe('43.20');
    const { body: clock } = await service.request('GET', '/v1/test-clock', { token: admin });
    const advanced = await service.request('POST', '/v1/test-clock/advance', { token: admin, body: { to: new Date(Date.parse(clock.now) + 32 * 86_400_000).toISOString() } });
    expect(advanced.status).toBe(200);
    const renewed = await service.request('GET', `/v1/subscriptions/${subscriptionId}?consistentWith=${advanced.body.position}`, { token: admin });
    expect(renewed.body.unitPrice.amount).toBe('45.00');
    const ledger = await service.request('GET', `/v1/customers/${customer.body.id}/ledger?consistentWith=${advanced.body.position}`, { token: admin });
    expect(ledger.body.items.map((e: { reason: string; amount: { amount: string } }) => [e.reason, e.amount.amount])).toEqual([
      ['purchase', '86.40'],
      ['renewal', '90.00'],
    ]);
  }, 90_000);
});
