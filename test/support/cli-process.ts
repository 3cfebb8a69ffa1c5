import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run cli -- …` as its script runs it: one node process (so a kill reaches the command
 * itself), the store variables of the test runner dropped, `env` added.
 */
export function startCli(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<CliOutcome> } {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['EVENTSTORE_URL', 'MONGODB_URL', 'DATA_DIR'].includes(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...inherited, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, done };
}

export const runCli = (args: string[], env: Record<string, string>): Promise<CliOutcome> => startCli(args, env).done;
