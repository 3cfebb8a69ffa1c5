import { FastifyInstance } from 'fastify';
import { ServerResponse } from 'node:http';
import { Logger } from 'pino';
import { requestIds } from './request-ids';

const failures = new WeakMap<ServerResponse, Error>();

/** A 5xx's cause, written on its request's line (ProblemDetailsFilter records it). */
export function recordFailure(response: ServerResponse, error: Error): void {
  failures.set(response, error);
}

/**
 * One line per request, when its answer has left: method, url, status, duration
 * (`responseTime`, ms) and both ids; a 5xx is the same line at level error with the error
 * and its stack. Written from one Fastify hook through the root logger: no child logger
 * and no middleware per request (pino-http made both, 4 % of the api's CPU even when silent).
 * `logger` is read per answer: nestjs-pino sets its root logger as the app initialises.
 */
export function logRequests(fastify: FastifyInstance, logger: () => Logger | undefined): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const log = logger();
    const statusCode = reply.raw.statusCode;
    const error = failures.get(reply.raw);
    const level = error || statusCode >= 500 ? 'error' : 'info';
    if (log?.isLevelEnabled(level)) {
      const { requestId, correlationId } = requestIds(request.raw);
      // Spelled out, no leading spread (a V8 cliff: see subscription-view.ts).
      const line = { requestId, correlationId, req: { method: request.raw.method, url: request.raw.url }, res: { statusCode }, responseTime: reply.elapsedTime };
      if (level === 'error') log.error(Object.assign(line, { err: error }), 'request errored');
      else log.info(line, 'request completed');
    }
    done();
  });
}
