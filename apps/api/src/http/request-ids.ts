import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';

/** API.md "Errors": every response echoes X-Request-Id and X-Correlation-Id. */
export interface RequestIds {
  requestId: string;
  correlationId: string;
}

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Printable ASCII without spaces, 1 to 128 characters: safe in logs, headers and event metadata. */
const ACCEPTABLE_ID = /^[\x21-\x7e]{1,128}$/;

// One decision per request, shared by Fastify (request.id), the logger and the command context.
const decided = new WeakMap<RawRequest, RequestIds>();

/** Node's request (HTTP/1 or HTTP/2), as Fastify, pino-http and Nest see it. */
type RawRequest = { headers: IncomingHttpHeaders };

function clientId(request: RawRequest, name: string): string | null {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && ACCEPTABLE_ID.test(first) ? first : null;
}

/** The client's ids when acceptable, otherwise new UUIDs (a bad id is replaced, not refused). */
export function requestIds(request: RawRequest): RequestIds {
  let ids = decided.get(request);
  if (!ids) {
    ids = {
      requestId: clientId(request, REQUEST_ID_HEADER) ?? randomUUID(),
      correlationId: clientId(request, CORRELATION_ID_HEADER) ?? randomUUID(),
    };
    decided.set(request, ids);
  }
  return ids;
}

/** Fastify's and pino-http's `genReqId`. */
export const requestIdOf = (request: RawRequest): string => requestIds(request).requestId;
