import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEVELOPMENT_JWT_SECRET } from '@ledger/infrastructure';

const ROOT = join(__dirname, '..', '..', '..');
const RUN_TS = join(__dirname, 'run-ts.js');
const MAIN = join(ROOT, 'apps/api/src/main.ts');
/** `node` arguments that run the service from its sources (see run-ts.js). */
export const SERVICE_ARGS = [RUN_TS, MAIN];

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function launch(dataDir: string, port: number): ChildProcess {
  // The embedded stores, the system clock: whatever the test runner's environment says.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['EVENTSTORE_URL', 'MONGODB_URL', 'TEST_CLOCK'].includes(name)));
  return spawn(process.execPath, SERVICE_ARGS, {
    cwd: ROOT,
    env: { ...env, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The real service (apps/api/src/main.ts, api and worker, embedded stores) as a child process. */
export class ServiceProcess {
  private output = '';
  /** The exit code, or the signal that ended it (Nest re-raises SIGTERM after its shutdown hooks). */
  readonly exited: Promise<number | NodeJS.Signals | null>;

  private constructor(readonly child: ChildProcess, readonly url: string) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  }

  /** Resolves once it listens; rejects (with its output) if it exits first. */
  static async start(dataDir: string, timeoutMs = 60_000): Promise<ServiceProcess> {
    const port = await freePort();
    const service = new ServiceProcess(launch(dataDir, port), `http://127.0.0.1:${port}`);
    const deadline = Date.now() + timeoutMs;
    while (!service.output.includes('ledger listening')) {
      if (service.child.exitCode !== null || Date.now() > deadline) {
        service.child.kill('SIGKILL');
        throw new Error(`the service did not start:\n${service.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return service;
  }

  get log(): string {
    return this.output;
  }

  kill(): Promise<number | NodeJS.Signals | null> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  stop(): Promise<number | NodeJS.Signals | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  token(partnerId: string, roles: string[]): Promise<string> {
    return new SignJWT({ pid: partnerId, roles }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
  }

  async request(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}

/** Starts the service expecting a refusal: its exit code and what it printed to stderr. */
export async function startExpectingExit(dataDir: string, timeoutMs = 60_000): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = launch(dataDir, await freePort());
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr, stdout };
}
