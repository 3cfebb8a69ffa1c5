import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/**
 * The typed client the console (and any backend service) compiles against is the API as it
 * is now. openapi-typescript is an ES module Jest cannot load, so the generator runs as its
 * own process, in --check mode (it starts the service from its sources and stops it).
 */
describe('generated API client (libs/api-client)', () => {
  it('is what `npm run api-client` generates from the current /docs-json: regenerate and commit it after changing a route or DTO', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/generate-api-client.ts'), '--check'], { cwd: ROOT, timeout: 90_000 });
    expect(stdout).toContain('is current');
  }, 120_000);
});
