import { FastifyInstance } from 'fastify';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from 'pino';
import { requestIds } from './request-ids';

const failures = new WeakMap<ServerResponse, Error>();

/** A 5xx's cause, written on its request's line (ProblemDetailsFilter records it). */
export function recordFailure(response: ServerResponse, error: Error): void {
  failures.set(response, error);
}

/**
 * The one line of a request: method, url, status, duration (`responseTime`, ms) and both
 * ids; a failure is the same line at level error with the error and its stack.
 */
export function writeRequestLine(log: Logger | undefined, raw: IncomingMessage, statusCode: number, responseTime: number, error?: Error): void {
  const level = error || statusCode >= 500 ? 'error' : 'info';
  if (!log?.isLevelEnabled(level)) return;
  const { requestId, correlationId } = requestIds(raw);
  // Spelled out, no leading spread (a V8 cliff: see subscription-view.ts).
  const line = { requestId, correlationId, req: { method: raw.method, url: raw.url }, res: { statusCode }, responseTime };
  if (level === 'error') log.error(Object.assign(line, { err: error }), 'request errored');
  else log.info(line, 'request completed');
}

/**
 * Every request's line, written when its answer has left, from one Fastify hook through the
 * root logger: no child logger and no middleware per request (pino-http made both, 4 % of
 * the api's CPU even when silent). `logger` is read per answer: nestjs-pino sets its root
 * logger as the app initialises.
 */
export function logRequests(fastify: FastifyInstance, logger: () => Logger | undefined): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    writeRequestLine(logger(), request.raw, reply.raw.statusCode, reply.elapsedTime, failures.get(reply.raw));
    done();
  });
}
