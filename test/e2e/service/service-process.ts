import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEVELOPMENT_JWT_SECRET } from '@ledger/infrastructure';

const ROOT = join(__dirname, '..', '..', '..');
const RUN_TS = join(__dirname, 'run-ts.js');
const MAIN = join(ROOT, 'apps/api/src/main.ts');
const WORKER_MAIN = join(ROOT, 'apps/worker/src/main.ts');
/** `node` arguments that run the service from its sources (see run-ts.js). */
export const SERVICE_ARGS = [RUN_TS, MAIN];

/** How a process is started: extra arguments (`--api-only`) and environment (`TEST_CLOCK`, `EVENTSTORE_URL`). */
export interface LaunchOptions {
  args?: string[];
  env?: Record<string, string>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function launch(dataDir: string, port: number, options: LaunchOptions = {}, main = MAIN): ChildProcess {
  // The embedded stores and the system clock unless the options say otherwise, whatever the test runner's environment says.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['EVENTSTORE_URL', 'MONGODB_URL', 'TEST_CLOCK'].includes(name)));
  return spawn(process.execPath, [RUN_TS, main, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: kill() takes the worker process `npm start` forks down with it, as a crash of the machine would.
    detached: true,
  });
}

/** Resolves with the probe's first truthy answer (a failing probe counts as no answer); throws after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until `ready` shows in its output; kills it and throws (with its output) if it exits first or takes too long. */
async function untilReady(started: { child: ChildProcess; log: string }, ready: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.log.includes(ready)) {
    if (started.child.exitCode !== null || Date.now() > deadline) {
      started.child.kill('SIGKILL');
      throw new Error(`the process did not start:\n${started.log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A process of ours started by a test: its output, its exit, kill -9 (with its process group) and a graceful stop. */
class StartedProcess {
  protected output = '';
  /** The exit code, or the signal that ended it (Nest re-raises SIGTERM after its shutdown hooks). */
  readonly exited: Promise<number | NodeJS.Signals | null>;

  protected constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get log(): string {
    return this.output;
  }

  /** kill -9 of the process and everything it started (npm start's worker process). */
  kill(): Promise<number | NodeJS.Signals | null> {
    killGroup(this.child);
    return this.exited;
  }

  stop(): Promise<number | NodeJS.Signals | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** The worker app (apps/worker/src/main.ts) as a child process: no HTTP, the lease decides whether it works. */
export class WorkerAppProcess extends StartedProcess {
  static async start(dataDir: string, options: LaunchOptions = {}, timeoutMs = 60_000): Promise<WorkerAppProcess> {
    const worker = new WorkerAppProcess(launch(dataDir, 0, options, WORKER_MAIN));
    await untilReady(worker, 'ledger worker started', timeoutMs);
    return worker;
  }
}

/** SIGKILL to a process started with `detached: true` and everything in its group. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already
  }
}

/** The real service (apps/api/src/main.ts: the api, and its worker process unless --api-only) as a child process. */
export class ServiceProcess extends StartedProcess {
  private constructor(child: ChildProcess, readonly url: string) {
    super(child);
  }

  /** Resolves once it listens; rejects (with its output) if it exits first. */
  static async start(dataDir: string, timeoutMs = 60_000, options: LaunchOptions = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const service = new ServiceProcess(launch(dataDir, port, options), `http://127.0.0.1:${port}`);
    await untilReady(service, 'ledger listening', timeoutMs);
    // npm start answers before its worker process runs (the worker catches up while the api answers);
    // tests start from a service whose worker holds the lease, as a user would a moment later.
    if (!options.args?.includes('--api-only')) await service.untilWorkerHoldsLease(timeoutMs);
    return service;
  }

  private async untilWorkerHoldsLease(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const health = await this.request('GET', '/health').catch(() => null);
      if (health?.body?.details?.workerLease?.holder) return;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        killGroup(this.child);
        throw new Error(`the service's worker process did not take the lease:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** kill -9 of the api process alone (its worker process must notice and stop). */
  killApiOnly(): Promise<number | NodeJS.Signals | null> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  token(partnerId: string, roles: string[], secret = DEVELOPMENT_JWT_SECRET): Promise<string> {
    return new SignJWT({ pid: partnerId, roles }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret));
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
