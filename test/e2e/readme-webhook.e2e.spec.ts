import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ServiceProcess } from './service/service-process';

const ROOT = join(__dirname, '..', '..');

/** The bash block that follows a README heading, as a user would copy it. */
function bashBlockAfter(readme: string, heading: string): string {
  const start = readme.indexOf(`### ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error(`README section "${heading}" has no bash block`);
  return block[1];
}

/**
 * README "Your first requests" then "Webhooks to your machine", pasted into one bash as they
 * stand against the real service; only the ports change (the service's and a free one for the
 * receiver, so the test runs beside anything else). The receiver must be listening before the
 * suspension and print the signed delivery; the block must end by itself.
 */
describe('README: the first requests and the webhook block run as pasted', () => {
  let dataDir: string;
  let service: ServiceProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-readme-'));
    service = await ServiceProcess.start(dataDir);
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('R22: the receiver started by the README prints the SubscriptionSuspended delivery and exits 0, and the block ends', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const apiPort = new URL(service.url).port;
    const receiverPort = String(await freePort());
    const first = bashBlockAfter(readme, 'Your first requests').replaceAll('localhost:3000', `127.0.0.1:${apiPort}`);
    const webhooks = bashBlockAfter(readme, 'Webhooks to your machine').replaceAll('localhost:3000', `127.0.0.1:${apiPort}`).replaceAll(':4000', `:${receiverPort}`).replaceAll('--port 4000', `--port ${receiverPort}`);
    expect(webhooks).not.toContain('4000');
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'AUTH_JWT_SECRET'));
    const started = Date.now();
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile('bash', ['-c', `${first}\n${webhooks}\necho "block exit $?"\necho "endpoint $(field "$ENDPOINT" id)"`], { cwd: ROOT, env, timeout: 90_000 }, (error, out, err) => (error ? reject(Object.assign(error, { out, err })) : resolve({ stdout: out, stderr: err })));
    });
    const seconds = (Date.now() - started) / 1000;
    expect(stdout).toMatch(/webhook receiver listening on http:\/\/127\.0\.0\.1:\d+\/ \(exits after 1 delivery\)/);
    const delivery = /^\S+ SubscriptionSuspended \S+ \(customer \S+, subscription (\S+)\) (\{.*\})$/m.exec(stdout);
    expect(delivery).not.toBeNull();
    expect(JSON.parse(delivery![2])).toMatchObject({ reason: 'fraud' });
    const [exit, endpoint] = stdout.trimEnd().split('\n').slice(-2);
    expect(exit).toBe('block exit 0');
    expect(stderr).not.toContain('rejected');
    // The first attempt reached the receiver: it listened before the suspension (no retry).
    const token = await service.token('demo-partner', ['global-admin']);
    const deliveries = await service.request('GET', `/v1/webhook-endpoints/${endpoint.replace('endpoint ', '')}/deliveries`, { token });
    expect(deliveries.status).toBe(200);
    const suspended = (deliveries.body.items as Array<{ eventType: string; status: string; attempts: number }>).filter((item) => item.eventType === 'SubscriptionSuspended');
    expect(suspended).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 1 })]);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
