import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { ServiceProcess } from './service/service-process';

/**
 * The partner console in a real browser: Debian's Chromium driven by playwright-core against
 * the real service process (its own DATA_DIR and port). One screenshot per step goes to
 * test-artifacts/console/ (CI keeps that folder as an artefact). Without /usr/bin/chromium
 * the suite says SKIPPED (.ci/run installs the package when it is missing).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'test-artifacts', 'console');
const CONSOLE_BUILD = join(ROOT, 'apps', 'console', 'dist', 'index.html');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const skipReason = existsSync(CHROMIUM) ? null : `${CHROMIUM} not found (apt-get install -y chromium, or set CHROMIUM_PATH)`;
if (skipReason) {
  describe('partner console in Chromium', () => {
    process.stderr.write(`SKIPPED: partner console browser tests: ${skipReason}\n`);
    it.skip(`SKIPPED: ${skipReason}`, () => undefined);
  });
} else {
  describe('partner console in Chromium (playwright-core)', () => {
    jest.setTimeout(120_000);
    let service: ServiceProcess;
    let dataDir: string;
    let profile: string;
    let context: BrowserContext;
    let page: Page;
    let step = 0;
    const purchased: { basic?: string; powerBi?: string; extra?: string } = {};
    const orderRequests: Record<string, string>[] = [];
    /** Every call the console made to the API: method, path and how long the answer took (ms, from the browser's timing). */
    const apiCalls: { method: string; path: string; ms: number }[] = [];
    let pending = 0;

    const shot = async (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
    const at = (path: string) => `${service.url}/console${path}`;
    const adminToken = () => service.token('demo-partner', ['global-admin']);

    /** The API calls a screen makes while `action` runs and it settles: one request per list, page or chart, no fan-out. */
    async function callsDuring(action: () => Promise<void>): Promise<string[]> {
      const from = apiCalls.length;
      await action();
      // Settled: no request in flight and none started for 300 ms (the load state of a page navigated with pushState says nothing).
      let seen = -1;
      while (pending > 0 || seen !== apiCalls.length) {
        seen = apiCalls.length;
        await page.waitForTimeout(300);
      }
      return apiCalls.slice(from).map((call) => `${call.method} ${call.path}`);
    }

    async function signIn(partner: string, roles: string[]): Promise<void> {
      await page.goto(at('/'));
      const signOut = page.getByRole('button', { name: 'Sign out' });
      if (await signOut.isVisible()) await signOut.click();
      await page.getByLabel('Demo partner').selectOption(partner);
      for (const role of ['global-admin', 'admin-agent', 'sales-agent', 'billing-admin', 'helpdesk-agent']) {
        await page.getByRole('checkbox', { name: role }).setChecked(roles.includes(role));
      }
      await page.getByRole('button', { name: `Sign in as ${partner}` }).click();
      await page.getByText(`@ ${partner}`).waitFor();
    }

    beforeAll(async () => {
      await mkdir(SCREENSHOTS, { recursive: true });
      // Built every run (2-3 s), so the browser runs the console of these sources, not an older build.
      await promisify(execFile)('npm', ['run', 'build:console'], { cwd: ROOT });
      expect(existsSync(CONSOLE_BUILD)).toBe(true);
      dataDir = await mkdtemp(join(tmpdir(), 'ledger-console-'));
      profile = await mkdtemp(join(tmpdir(), 'ledger-chromium-'));
      service = await ServiceProcess.start(dataDir);
      const { chromium } = await import('playwright-core');
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(15_000);
      page.on('request', (request) => {
        if (request.method() === 'POST' && /\/orders$/.test(new URL(request.url()).pathname)) orderRequests.push(request.headers());
      });
      page.on('request', () => pending++);
      page.on('requestfailed', () => pending--);
      page.on('requestfinished', (request) => {
        pending--;
        const path = new URL(request.url()).pathname;
        if (path.startsWith('/v1/')) apiCalls.push({ method: request.method(), path, ms: request.timing().responseEnd });
      });
    });

    afterAll(async () => {
      if (apiCalls.length > 0) {
        const sorted = apiCalls.map((call) => call.ms).sort((a, b) => a - b);
        const gets = apiCalls.filter((call) => call.method === 'GET').map((call) => call.ms).sort((a, b) => a - b);
        const summary = { calls: apiCalls.length, gets: gets.length, getMaxMs: gets.at(-1), getMedianMs: gets[Math.floor(gets.length / 2)], allMaxMs: sorted.at(-1) };
        await writeFile(join(SCREENSHOTS, 'api-calls.json'), JSON.stringify({ summary, calls: apiCalls }, null, 2));
        process.stdout.write(`console API calls (browser timing, ms): ${JSON.stringify(summary)}\n`);
      }
      await context?.close();
      await service?.kill();
      await rm(dataDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    });

    it('signs in with a development token: a demo partner and a role picked in the console', async () => {
      await page.goto(at('/'));
      await page.getByRole('heading', { name: 'Development sign-in' }).waitFor();
      await shot('sign-in');
      await signIn('demo-partner', ['global-admin']);
      await page.getByRole('heading', { name: 'Customers', exact: true }).waitFor();
      await shot('signed-in');
    });

    it('R4: creates a customer and opens it', async () => {
      await page.getByLabel('Name').fill('Contoso Console');
      await page.getByLabel('Billing country (ISO code)').fill('TW');
      await page.getByLabel('Segment').selectOption('commercial');
      await page.getByRole('button', { name: 'Create customer' }).click();
      await page.getByRole('heading', { name: 'Contoso Console', level: 1 }).waitFor();
      await page.getByText('No subscriptions match.').waitFor();
      await shot('customer-created');
    });

    it('R6, R8: filters the catalog and says in words why an offer cannot be bought', async () => {
      // By keyboard: the tabs follow the ARIA pattern (arrow keys).
      await page.getByRole('tab', { name: 'Subscriptions' }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('tab', { name: 'Catalog' }).getAttribute('aria-selected')).toBe('true');
      const count = page.getByRole('status').filter({ hasText: 'offers' });
      await count.filter({ hasText: /^\d+ offers$/ }).waitFor();
      const all = Number((await count.textContent())!.split(' ')[0]);
      await page.getByLabel('Publisher').selectOption('partner');
      await page.getByText(/^5 offers$/).waitFor();
      expect(all).toBeGreaterThan(5);
      const firewall = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Adatum Next-Gen Firewall VM' }) });
      await firewall.getByText('must be bought from the publisher, not here').waitFor();
      await shot('catalog-isv-filter');
      await page.getByLabel('Publisher').selectOption('microsoft');
      await page.getByLabel('Category').selectOption('enterprise');
      const education = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Microsoft 365 A3 for students and faculty' }) });
      await education.getByText("Not sold to the customer's segment.").waitFor();
      await shot('catalog-enterprise-filter');
      await page.getByLabel('Category').selectOption('');
    });

    it('R7, R10: buys two lines through the cart: review shows each line and the total, purchase sends an Idempotency-Key', async () => {
      const card = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
      await card('Microsoft 365 Business Basic (monthly)').getByLabel('Seats').fill('3');
      await card('Microsoft 365 Business Basic (monthly)').getByRole('button', { name: /Add .* to the cart/ }).click();
      await card('Power BI Pro').getByLabel('Seats').fill('2');
      await card('Power BI Pro').getByRole('button', { name: /Add .* to the cart/ }).click();
      await page.getByRole('tab', { name: 'Cart (2)' }).click();
      await page.getByRole('button', { name: 'Review order' }).click();
      const total = page.getByRole('row', { name: /Order total/ });
      // 3 x 7.20 + 2 x 12.00
      await total.getByText('45.60 USD').waitFor();
      expect(await page.getByRole('cell', { name: 'valid', exact: true }).count()).toBe(2);
      await shot('cart-reviewed');
      await page.getByRole('button', { name: 'Purchase' }).click();
      const placed = page.getByRole('list', { name: 'Purchased subscriptions' });
      await placed.waitFor();
      expect(orderRequests).toHaveLength(1);
      expect(orderRequests[0]['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      const links = placed.getByRole('link');
      expect(await links.count()).toBe(2);
      const ids: [string, string][] = [];
      for (const link of await links.all()) ids.push([(await link.textContent())!, (await link.getAttribute('href'))!.split('/').pop()!]);
      purchased.basic = ids.find(([name]) => name.startsWith('Microsoft 365 Business Basic'))![1];
      purchased.powerBi = ids.find(([name]) => name === 'Power BI Pro')![1];
      await shot('purchased');
      await page.getByRole('tab', { name: 'Subscriptions' }).click();
      await page.getByRole('row').filter({ hasText: 'active' }).nth(1).waitFor();
      expect(await page.getByRole('row').filter({ hasText: 'active' }).count()).toBe(2);
    });

    it('R16: suspends one subscription and shows the date its data will be deleted', async () => {
      const calls = await callsDuring(async () => {
        await page.getByRole('link', { name: 'Microsoft 365 Business Basic (monthly)' }).click();
        await page.getByLabel('Suspension reason').waitFor();
      });
      // The subscription, and the catalog as it applies to the customer (its add-ons): no request per field or per add-on.
      expect(calls.map((call) => call.replace(purchased.basic!, ':id')).sort()).toEqual(['GET /v1/offers', 'GET /v1/subscriptions/:id']);
      await page.getByLabel('Suspension reason').selectOption('non-payment');
      await page.getByRole('button', { name: 'Suspend', exact: true }).click();
      const suspended = page.getByRole('region', { name: 'Suspended' });
      await suspended.waitFor();
      const shown = await suspended.getByTestId('data-deletion-at').getAttribute('datetime');
      const api = await service.request('GET', `/v1/subscriptions/${purchased.basic}`, { token: await adminToken() });
      expect(api.body.status).toBe('suspended');
      expect(shown).toBe(api.body.dataDeletionAt);
      // 90 days after the suspension (the subscription was billed at once).
      expect(Date.parse(shown!) - Date.parse(api.body.suspendedAt)).toBe(90 * 24 * 3600 * 1000);
      await expect(page.getByRole('button', { name: 'Reactivate' }).isVisible()).resolves.toBe(true);
      await shot('suspended-data-deletion-date');
    });

    it('R14: toggles auto-renew (allowed while suspended) and the screen shows it', async () => {
      const toggle = page.getByRole('switch', { name: 'Auto-renew' });
      expect(await toggle.isChecked()).toBe(true);
      await toggle.click();
      await page.getByText('Auto-renew turned off.').waitFor();
      await page.getByRole('region', { name: 'Subscription details' }).getByText('off', { exact: true }).waitFor();
      expect(await page.getByRole('switch', { name: 'Auto-renew' }).isChecked()).toBe(false);
      const api = await service.request('GET', `/v1/subscriptions/${purchased.basic}`, { token: await adminToken() });
      expect(api.body.autoRenew).toBe(false);
      await shot('auto-renew-off');
    });

    it('R21, R3: the history shows each event with actor, correlation and business time; "as of" shows the state at a past instant', async () => {
      await page.getByRole('button', { name: 'Show history' }).click();
      const timeline = page.getByRole('list', { name: 'Events, oldest first' });
      await timeline.getByText('SubscriptionSuspended').waitFor();
      await expect(timeline.getByText('SubscriptionPurchased').count()).resolves.toBe(1);
      expect(await timeline.getByText(/by console-user \(global-admin\) · correlation/).count()).toBeGreaterThanOrEqual(3);
      await shot('history');
      await timeline.getByRole('listitem').first().getByRole('button', { name: 'State as of this event' }).click();
      const asOf = page.getByRole('region', { name: /^State as of \d{4}-/ });
      await asOf.waitFor();
      expect(await asOf.getByText('active', { exact: true }).count()).toBe(1);
      expect(await asOf.getByText('suspended', { exact: true }).count()).toBe(0);
      await shot('as-of');
      // R16: reactivated before the deletion date, it is active again and the deletion date is gone.
      await page.getByRole('button', { name: 'Reactivate' }).click();
      await page.getByText('Reactivated.').waitFor();
      await page.getByRole('heading', { level: 1 }).getByText('active', { exact: true }).waitFor();
      expect(await page.getByRole('region', { name: 'Suspended' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Suspend', exact: true }).click();
      await page.getByRole('region', { name: 'Suspended' }).waitFor();
    });

    it('R17: cancels the other subscription inside the window after a confirmation, and shows the credit', async () => {
      await page.goto(at(`/subscriptions/${purchased.powerBi}`));
      await page.getByRole('button', { name: 'Cancel subscription' }).click();
      const dialog = page.getByRole('dialog', { name: 'Cancel Power BI Pro?' });
      await dialog.getByText('inside the cancellation window').waitFor();
      await shot('cancel-confirmation');
      await dialog.getByRole('button', { name: 'Confirm cancellation' }).click();
      // The latest order's price: 2 seats x 12.00.
      await page.getByText('Cancelled at once. Credit on the next invoice: 24.00 USD.').waitFor();
      await page.getByRole('heading', { level: 1 }).getByText('cancelled').waitFor();
      expect(await page.getByRole('button', { name: 'Cancel subscription' }).count()).toBe(0);
      await shot('cancelled-credit');
    });

    it('R24: the dashboard shows the summary figures and the monthly charts', async () => {
      const calls = await callsDuring(async () => {
        await page.getByRole('link', { name: 'Dashboard' }).click();
        await page.locator('.recharts-surface').nth(2).waitFor();
      });
      // One request for the summary, one for the months of every chart.
      expect(calls.sort()).toEqual(['GET /v1/analytics/monthly', 'GET /v1/dashboard/summary']);
      const summary = page.getByRole('region', { name: 'Summary' });
      await summary.waitFor();
      const figure = (label: string) => summary.locator('div').filter({ has: page.getByText(label, { exact: true }) }).locator('dd');
      expect(await figure('Suspended').textContent()).toBe('1');
      expect(await figure('Cancelled').textContent()).toBe('1');
      await page.locator('.recharts-surface').nth(2).waitFor();
      expect(await page.locator('figure.chart').count()).toBe(3);
      expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
      await shot('dashboard');
    });

    it('R22, R23, R20, R11: webhook endpoints with their deliveries, the event feed with its filters, the ledger, the ISV provisioning link', async () => {
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByLabel('URL').fill('http://127.0.0.1:9/console-hook');
      await page.getByLabel('Event types (comma-separated, * for all)').fill('SubscriptionSuspended,SubscriptionPurchased');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByText(/Its signing secret is shown only now: whsec_/).waitFor();
      const endpoint = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'http://127.0.0.1:9/console-hook' }) });
      await endpoint.waitFor();
      expect(await endpoint.getByRole('switch', { name: 'Enabled' }).isChecked()).toBe(true);
      await shot('webhook-endpoint');

      // An ISV SaaS purchase (R11): an event for the endpoint, and a provisioning link on the subscription.
      const customerId = (await service.request('GET', `/v1/subscriptions/${purchased.basic}`, { token: await adminToken() })).body.customerId;
      const order = await service.request('POST', `/v1/customers/${customerId}/orders`, {
        token: await adminToken(),
        headers: { 'idempotency-key': 'console-e2e-isv' },
        body: { lines: [{ offerId: 'contoso-crm-saas-monthly', quantity: 2 }] },
      });
      expect(order.status).toBe(201);
      await endpoint.getByRole('button', { name: 'Deliveries' }).click();
      const deliveries = endpoint.getByRole('region', { name: 'Deliveries' });
      await deliveries.getByText('SubscriptionPurchased').first().waitFor();
      await shot('webhook-deliveries');

      await page.getByRole('link', { name: 'Event feed' }).click();
      await page.getByRole('cell', { name: 'SubscriptionPurchased' }).first().waitFor();
      await page.getByLabel('Event types (comma-separated)').fill('SubscriptionReactivated');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      // The filtered page replaces the unfiltered one: only the one reactivation is left.
      await page.locator('tbody tr').filter({ hasNotText: 'SubscriptionReactivated' }).first().waitFor({ state: 'detached' });
      expect(await page.getByRole('cell', { name: 'SubscriptionReactivated' }).count()).toBe(1);
      await shot('event-feed-filtered');

      await page.goto(at(`/subscriptions/${order.body.subscriptions[0].id}`));
      const provisioning = page.getByRole('link', { name: /Set up the account with the publisher/ });
      expect(await provisioning.getAttribute('href')).toBe('https://crm.contoso.example/activate');
      await shot('isv-provisioning-link');

      await page.goto(at(`/customers/${customerId}`));
      await page.getByRole('tab', { name: 'Ledger' }).click();
      const ledger = page.getByRole('region', { name: 'Billing ledger' });
      await ledger.getByRole('cell', { name: 'credit', exact: true }).waitFor();
      expect(await ledger.getByRole('cell', { name: '-24.00 USD' }).or(ledger.getByRole('cell', { name: '24.00 USD' })).count()).toBeGreaterThan(0);
      await shot('ledger');
    });

    it('R32, R33: the partner\'s invoices, one invoice with its customer totals and lines, its reconciliation file downloaded', async () => {
      const list = (await service.request('GET', '/v1/invoices', { token: await adminToken() })).body;
      expect(list.items.length).toBeGreaterThan(0);
      const open = list.items[0];
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
      await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
      await page.getByRole('row').filter({ hasText: open.period }).getByText('— (open)').waitFor();
      await page.getByRole('link', { name: open.period }).click();
      await page.getByTestId('invoice-net').getByText(`${open.net.amount} ${open.net.currency}`).waitFor();
      const invoice = (await service.request('GET', `/v1/invoices/${open.period}`, { token: await adminToken() })).body;
      const customers = page.getByRole('region', { name: 'Customers' });
      for (const c of invoice.customers) await customers.getByRole('cell', { name: `${c.net.amount} ${c.net.currency}` }).first().waitFor();
      const lines = page.getByRole('region', { name: 'Lines' });
      await lines.getByRole('cell', { name: 'purchase' }).first().waitFor();
      expect(await lines.getByRole('row').count()).toBe(Math.min(invoice.lineCount, 50) + 1);
      await shot('invoice');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download reconciliation file (CSV)' }).click()]);
      const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
      expect(csv[0]).toMatch(/^lineId,customerId,customerName,subscriptionId,offerId,offerName,chargeType/);
      expect(csv).toHaveLength(invoice.lineCount + 1);
    });

    it('R25, R27, R29: buys a new-commerce line with a purchase option through the cart, shows its cycle and 168-hour window, schedules a change at renewal', async () => {
      const customerId = (await service.request('GET', `/v1/subscriptions/${purchased.basic}`, { token: await adminToken() })).body.customerId as string;
      await page.goto(at(`/customers/${customerId}`));
      await page.getByRole('tab', { name: 'Catalog' }).click();
      const e5 = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Microsoft 365 E5 (new commerce)', exact: true }) });
      await e5.getByRole('list', { name: /Purchase options/ }).getByText('3-year term, billed monthly: 59.85 USD per seat per cycle').waitFor();
      await e5.getByLabel('Term and billing').selectOption({ label: '3-year term, billed monthly (59.85 USD)' });
      await e5.getByLabel('Seats').fill('4');
      await e5.getByRole('button', { name: /Add .* to the cart/ }).click();
      await page.getByRole('tab', { name: 'Cart (1)' }).click();
      await page.getByRole('button', { name: 'Review order' }).click();
      // The first charge: the first monthly cycle of 4 seats.
      await page.getByRole('row', { name: /Order total/ }).getByText('239.40 USD').waitFor();
      await page.getByRole('cell', { name: '3-year term, billed monthly' }).waitFor();
      await shot('new-commerce-cart-reviewed');
      await page.getByRole('button', { name: 'Purchase' }).click();
      await page.getByRole('list', { name: 'Purchased subscriptions' }).getByRole('link', { name: 'Microsoft 365 E5 (new commerce)' }).click();
      const facts = page.getByRole('region', { name: 'Subscription details' });
      await facts.getByText('new commerce', { exact: true }).waitFor();
      await facts.getByText('3 years', { exact: true }).waitFor();
      const id = page.url().split('/').pop()!;
      const api = (await service.request('GET', `/v1/subscriptions/${id}`, { token: await adminToken() })).body;
      expect(api).toMatchObject({ program: 'new-commerce', termDuration: 'P3Y', quantity: 4 });
      // R27: cancellable with credit for 168 hours after the purchase.
      expect(Date.parse(api.cancellationAllowedUntil) - Date.parse(api.createdAt)).toBe(168 * 3600 * 1000);
      expect(await page.getByRole('region', { name: 'Add-ons' }).count()).toBe(0);
      await page.getByLabel('Seats next term').fill('6');
      await page.getByRole('button', { name: 'Schedule changes' }).click();
      await page.getByTestId('scheduled-changes').getByText('6 seats').waitFor();
      expect((await service.request('GET', `/v1/subscriptions/${id}`, { token: await adminToken() })).body.scheduledChanges).toEqual({ quantity: 6 });
      await shot('new-commerce-scheduled-change');
      await page.getByRole('button', { name: 'Remove scheduled changes' }).click();
      await page.getByTestId('scheduled-changes').getByText('none').waitFor();
      expect((await service.request('GET', `/v1/subscriptions/${id}`, { token: await adminToken() })).body.scheduledChanges).toBeNull();
    });

    it('R2: a sales-agent sees no suspend button (but may cancel), and no webhooks or event feed', async () => {
      const order = await service.request('POST', `/v1/customers/${(await service.request('GET', `/v1/subscriptions/${purchased.basic}`, { token: await adminToken() })).body.customerId}/orders`, {
        token: await adminToken(),
        headers: { 'idempotency-key': 'console-e2e-extra' },
        body: { lines: [{ offerId: 'm365-business-standard-monthly', quantity: 1 }] },
      });
      expect(order.status).toBe(201);
      purchased.extra = order.body.subscriptions[0].id;
      await signIn('demo-partner', ['sales-agent']);
      await page.goto(at(`/subscriptions/${purchased.extra}?consistentWith=${order.body.position}`));
      await page.getByRole('button', { name: 'Cancel subscription' }).waitFor();
      expect(await page.getByRole('button', { name: 'Suspend' }).count()).toBe(0);
      expect(await page.getByLabel('Suspension reason').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Event feed' }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).count()).toBe(0);
      await shot('sales-agent-no-suspend');
      // R15: a sales-agent may change seats and buy add-ons.
      await page.getByRole('spinbutton', { name: 'Seats' }).first().fill('2');
      await page.getByRole('button', { name: 'Change seats' }).click();
      await page.getByText(/^Seats changed to 2\. Charged \d+\.\d\d USD\.$/).waitFor();
      await page.getByRole('combobox', { name: /^Add-on/ }).selectOption('m365-extra-storage');
      await page.getByRole('button', { name: 'Buy add-on' }).click();
      await page.getByRole('status').filter({ hasText: 'Bought:' }).waitFor();
      await page.getByRole('list', { name: 'Linked subscriptions' }).getByRole('link').first().waitFor();
      await shot('sales-agent-seats-add-on');
      // A screen the role may not read, opened by its address: the 403 is said plainly.
      await page.goto(at('/events'));
      await page.getByRole('alert').getByText('Not allowed: your roles do not permit this (403).').waitFor();
      await shot('sales-agent-forbidden');
      await page.goto(at(`/subscriptions/${purchased.extra}`));
      await page.getByRole('button', { name: 'Cancel subscription' }).waitFor();
      await page.setViewportSize({ width: 390, height: 844 });
      await shot('sales-agent-phone');
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it("R1: another partner's subscription URL shows not found", async () => {
      await signIn('partner-b', ['global-admin']);
      await page.goto(at(`/subscriptions/${purchased.basic}`));
      await page.getByRole('alert').getByText('Not found: there is no such item for your partner.').waitFor();
      expect(await page.getByText('Microsoft 365 Business Basic').count()).toBe(0);
      await shot('other-partner-not-found');
    });
  });
}
