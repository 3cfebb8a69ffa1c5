/** The built service (dist/apps/api/src/main.js) as a child process, and a small HTTP client for it. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { freePort, ROOT } from './support';

export function buildService(): void {
  execFileSync('npx', ['nest', 'build', 'api'], { cwd: ROOT, stdio: 'inherit' });
}

export interface Answer {
  status: number;
  body: any;
  ms: number;
}

export class Service {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly startedAt: bigint,
  ) {}

  private static readonly agent = new Agent({ keepAlive: true, maxSockets: 128 });

  /** Starts the service on `dataDir` (NODE_ENV=test, TEST_CLOCK=enabled, plus `env`), output in `dataDir/service.log`. */
  static async start(dataDir: string, env: Record<string, string> = {}): Promise<Service> {
    const port = await freePort();
    const log = createWriteStream(join(dataDir, 'service.log'));
    const startedAt = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test', TEST_CLOCK: 'enabled', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    return new Service(child, `http://127.0.0.1:${port}`, startedAt);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** SIGTERM, then SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  }

  /** One request; `ms` is the client-observed time to the whole answer. Never throws on HTTP errors. */
  request(method: string, path: string, options: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<Answer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const req = request(`${this.baseUrl}${path}`, { method, headers, agent: Service.agent, timeout: options.timeoutMs ?? 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode ?? 0, body, ms });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 60_000} ms: ${method} ${path}`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}

/** True when /health shows every read model caught up with the head of the log. */
export function caughtUp(health: any): boolean {
  const projections = health?.details?.readStore?.projections ?? health?.info?.readStore?.projections;
  return Array.isArray(projections) && projections.length > 0 && projections.every((p: { caughtUp?: boolean }) => p.caughtUp === true);
}

/**
 * The service under measurement on one DATA_DIR, restartable: a figure whose requests the
 * client gave up on can leave the service busy; `settle` waits for it to answer /health
 * quickly again and, past a limit, restarts it (the embedded read store is durable, so a
 * restart resumes from its checkpoints), so the next figure starts clean.
 */
export class ManagedService {
  constructor(
    public current: Service,
    private readonly dataDir: string,
    private readonly ready: (service: Service) => Promise<void>,
    /** Extra environment of every start (a store URL). */
    private readonly env: Record<string, string> = {},
  ) {}

  async settle(limitSeconds: number): Promise<string> {
    const start = Date.now();
    const deadline = start + limitSeconds * 1000;
    while (Date.now() < deadline && !this.current.exited) {
      try {
        const answer = await this.current.request('GET', '/health', { timeoutMs: Math.max(1, deadline - Date.now()) });
        if (answer.ms < 100) {
          const busy = (Date.now() - start) / 1000;
          return busy > 1 ? `service busy ${busy.toFixed(0)} s more after the figure` : '';
        }
      } catch {
        /* busy or gone */
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await this.current.stop();
    this.current = await Service.start(this.dataDir, this.env);
    await this.ready(this.current);
    return `service still busy ${limitSeconds} s after the figure: restarted`;
  }

  stop(): Promise<void> {
    return this.current.stop();
  }
}

/** Waits until /health shows every read model caught up (restart of a durable read store). */
export async function waitCaughtUp(service: Service, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline && !service.exited) {
    try {
      if (caughtUp((await service.request('GET', '/health', { timeoutMs: Math.max(1, deadline - Date.now()) })).body)) return true;
    } catch {
      /* not yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
