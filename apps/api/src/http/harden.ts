import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance } from 'fastify';
import { AppConfig } from '@ledger/infrastructure';
import { registerJsonBodyParser } from './json-body';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER, requestIds } from './request-ids';
import { SECURITY_HEADERS } from './security-headers';

/** Headers a browser client sends and may read (CORS). */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'if-match', REQUEST_ID_HEADER, CORRELATION_ID_HEADER];
const EXPOSED_HEADERS = ['etag', 'location', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', REQUEST_ID_HEADER, CORRELATION_ID_HEADER];

/**
 * The HTTP edge (API.md "Errors"): JSON-only bodies with a depth limit, request and
 * correlation ids on every response, security headers, CORS when CORS_ORIGINS is set.
 * Call before `listen`/`init`: hooks only reach the routes registered after them.
 */
export async function hardenHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  // First hook of all, so every answer (a 401, a 404, a preflight, a parse error) carries
  // the ids and helmet's security headers (computed once: security-headers.ts).
  fastify.addHook('onRequest', (request, reply, done) => {
    const ids = requestIds(request.raw);
    void reply.headers(SECURITY_HEADERS).header(REQUEST_ID_HEADER, ids.requestId).header(CORRELATION_ID_HEADER, ids.correlationId);
    done();
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
}
