import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { problem, Problem } from './problem';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER, requestIds } from './request-ids';
import { SECURITY_HEADERS } from './security-headers';
import { writeRequestLine } from './request-log';

/** Fastify's router limit on one path parameter (its default `maxParamLength`): no id of this API comes near it. */
export const MAX_PARAM_LENGTH = 100;

function toProblem(error: FastifyError): Problem {
  switch (error.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem(414, 'uri-too-long', `a path segment is longer than ${MAX_PARAM_LENGTH} characters: no id of this API is that long; check the URL`);
    case 'FST_ERR_BAD_URL':
      return problem(400, 'validation-failed', 'the request is not valid: see errors', {
        errors: [{ field: 'path', message: 'path is not a valid URL: percent-encode it as UTF-8 (RFC 3986)' }],
      });
    default:
      return problem(500, 'internal', 'something went wrong on our side; it has been logged');
  }
}

/**
 * Fastify's `frameworkErrors`: the answers its router gives before any route, hook or Nest
 * filter runs (a path parameter over the limit: 414; a malformed percent-encoding: 400).
 * Left to Fastify they are plain `application/json` without ids, security headers or a log
 * line; here they get what every other answer gets (API.md "Errors").
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const body = toProblem(error);
  const ids = requestIds(request.raw);
  void reply
    .status(body.status)
    .headers(SECURITY_HEADERS)
    .header(REQUEST_ID_HEADER, ids.requestId)
    .header(CORRELATION_ID_HEADER, ids.correlationId)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(body));
  // No route, so no onResponse hook (request-log.ts) sees these requests: the same one line, here.
  writeRequestLine(PinoLogger.root, request.raw, body.status, 0, body.status >= 500 ? error : undefined);
}
