import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { problem } from '../http/problem';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER, requestIds } from '../http/request-ids';

/**
 * What answers on the api's port before the app does: the start-up checks read whole store
 * files (PRAGMA quick_check: seconds per GB) and Nest then builds the app, and an operator
 * or an orchestrator should see a starting service, not a closed port. `/health/live` is
 * 200 (the process is up); `/health` and `/health/ready` are 503 with the current step in
 * `@nestjs/terminus`'s shape; anything else is 503 `storage-unavailable` with Retry-After
 * (API.md "Errors"): nothing is served from a store before it has passed its checks (R21).
 */
export class StartingServer {
  private step = 'starting';
  private readonly since = Date.now();

  private readonly server: Server = createServer((request, response) => this.answer(request, response));

  private constructor() {}

  static async listen(port: number, host: string): Promise<StartingServer> {
    const starting = new StartingServer();
    await new Promise<void>((resolve, reject) => {
      starting.server.once('error', reject);
      starting.server.listen(port, host, () => {
        starting.server.off('error', reject);
        resolve();
      });
    });
    return starting;
  }

  /** What the service is doing now, as /health says it. */
  doing(step: string): void {
    this.step = step;
  }

  /** Stops answering (open connections too): the app listens on the port next. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const { requestId, correlationId } = requestIds(request);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    response.setHeader(CORRELATION_ID_HEADER, correlationId);
    response.setHeader('cache-control', 'no-store');
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/health/live') return send(response, 200, 'application/json', { status: 'ok' });
    const startup = { status: 'down', step: this.step, seconds: Math.round((Date.now() - this.since) / 100) / 10 };
    if (request.method === 'GET' && (path === '/health' || path === '/health/ready')) {
      return send(response, 503, 'application/json', { status: 'error', info: {}, error: { startup }, details: { startup } });
    }
    response.setHeader('retry-after', '1');
    send(response, 503, 'application/problem+json', problem(503, 'storage-unavailable', `the service is starting (${this.step}); retry shortly`));
  }
}

function send(response: ServerResponse, status: number, type: string, body: unknown): void {
  // The request body (if any) is not read: the connection closes after the answer.
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, connection: 'close' });
  response.end(JSON.stringify(body));
}
