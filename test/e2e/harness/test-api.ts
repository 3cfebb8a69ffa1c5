import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DestinationStream } from 'pino';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore, PROJECTION_MONITOR, ProjectionMonitor } from '@ledger/application';
import { AppConfig, DEVELOPMENT_JWT_SECRET, parseAppConfig, TestClock } from '@ledger/infrastructure';
import { createApi } from '../../../apps/api/src/create-api';

export const T0 = new Date('2026-01-31T09:00:00.000Z');

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** The real HTTP server on a random port, embedded stores in a temp dir, a test clock. */
export class TestApi {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
    readonly clock: TestClock,
    readonly config: AppConfig,
    readonly dataDir: string,
  ) {}

  /** `env`: extra variables (e.g. RATE_LIMIT_PER_MINUTE, CORS_ORIGINS); `logDestination`: capture the log. */
  static async start(
    options: { now?: Date; testClockRoutes?: boolean; eventStoreUrl?: string; dataDir?: string; env?: Record<string, string>; logDestination?: DestinationStream } = {},
  ): Promise<TestApi> {
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ledger-e2e-')));
    const config = parseAppConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: '0',
      TEST_CLOCK: options.testClockRoutes === false ? undefined : 'enabled',
      EVENTSTORE_URL: options.eventStoreUrl,
      ...options.env,
    });
    const clock = new TestClock(options.now ?? T0);
    const app = await createApi(config, { withWorker: true, clock, logDestination: options.logDestination });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    // The demo catalog is seeded at start: wait until the read models show it.
    const head = await app.get<EventStore>(EVENT_STORE).headPosition();
    if (head && !(await app.get<ProjectionMonitor>(PROJECTION_MONITOR).waitFor(head, 10_000))) throw new Error('read models did not catch up at start');
    return new TestApi(app, `http://127.0.0.1:${address.port}`, clock, config, dataDir);
  }

  /** `keepData`: leave DATA_DIR for a restart (TestApi.start({ dataDir: api.dataDir })). */
  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.app.close();
    if (!options.keepData) await rm(this.dataDir, { recursive: true, force: true });
  }

  token(partnerId: string, roles: string[], userId = 'user-1'): Promise<string> {
    return new SignJWT({ pid: partnerId, roles })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }
}
