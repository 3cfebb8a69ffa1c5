import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run cli -- ...` without npm: the exit code and both streams. */
function cli(args: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], { env: { ...process.env, NODE_ENV: 'test', ...env } }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/** README "Operator tasks": help is exit 0 on stdout; no or an unknown command is exit 2 with the usage on stderr. */
describe('CLI usage and exit codes', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-cli-usage-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('--help, -h and help print the usage on stdout and exit 0', async () => {
    const outcomes = await Promise.all([['--help'], ['-h'], ['help']].map((args) => cli(args, { DATA_DIR: dataDir })));
    for (const outcome of outcomes) {
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toMatch(/^usage: npm run cli -- <command>/);
      expect(outcome.stdout).toContain('export [--customer <id>]');
      expect(outcome.stderr).toBe('');
    }
  }, 60_000);

  it('no command, or an unknown one, prints the usage on stderr and exits 2', async () => {
    const [none, unknown] = await Promise.all([cli([], { DATA_DIR: dataDir }), cli(['frobnicate'], { DATA_DIR: dataDir })]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toContain('no command given');
    expect(none.stderr).toContain('usage:');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  }, 60_000);

  it('a failing command exits 1 with its reason on stderr; a bad setting names the variable', async () => {
    const [noFile, noProjection, badConfig] = await Promise.all([
      cli(['import-catalog'], { DATA_DIR: dataDir }),
      cli(['rebuild', '--projection', 'nope'], { DATA_DIR: dataDir }),
      cli(['export'], { DATA_DIR: dataDir, EVENTSTORE_URL: 'http://not-esdb' }),
    ]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('import-catalog <catalog.json>');
    expect(noProjection.code).toBe(1);
    expect(noProjection.stderr).toContain('no projection "nope"');
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain('EVENTSTORE_URL');
  }, 60_000);
});
