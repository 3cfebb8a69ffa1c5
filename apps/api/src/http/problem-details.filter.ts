import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@ledger/domain';
import {
  ConcurrencyConflictError,
  InvalidQueryError,
  NotFoundError,
  PreconditionFailedError,
  StorageUnavailableError,
} from '@ledger/application';
import { Problem, problem } from './problem';
import { recordFailure } from './request-log';
import { ValidationFailed } from './validation';

/** Domain reason codes that are not a 409 "refused transition" (R18). */
const DOMAIN_STATUS: Record<string, number> = {
  'order-refused': 422,
  'idempotency-key-reused': 422,
  'customer-not-found': 404,
  'subscription-not-found': 404,
  'order-not-found': 404,
  'invalid-name': 400,
  'invalid-country': 400,
  'invalid-segment': 400,
};

const HTTP_CODES: Record<number, string> = {
  400: 'validation-failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

/** Seconds a 503 asks the client to wait before retrying (`Retry-After`, API.md "Errors"). */
const RETRY_AFTER_SECONDS: Record<string, number> = { 'storage-unavailable': 5, 'not-caught-up': 1 };

const ACCEPT_HEADER_OF: Record<string, string> = { POST: 'accept-post', PATCH: 'accept-patch' };

/** API.md "Errors": a 415 says which media type the API takes, and what it was sent. */
function unsupportedMediaType(request: FastifyRequest | undefined): string {
  const sent = request?.headers['content-type'];
  const got = typeof sent === 'string' && sent.trim() !== '' ? `"${sent.slice(0, 100)}"` : 'no Content-Type';
  return `request bodies must be application/json (send "Content-Type: application/json"); this one has ${got}`;
}

/** Every error leaves as application/problem+json; nothing a client sent becomes a 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toProblem(error, request);
    // RFC 5789 and the Accept-Post registration: the media types the method takes, machine-readable.
    const accepted = body.status === 415 ? ACCEPT_HEADER_OF[request?.method] : undefined;
    if (accepted) void reply.header(accepted, 'application/json');
    // The request's one log line (http/request-log.ts) carries the error and its stack.
    if (body.status >= 500) recordFailure(reply.raw, error instanceof Error ? error : new Error(String(error)));
    const retryAfter = RETRY_AFTER_SECONDS[body.code];
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }

  private toProblem(error: unknown, request: FastifyRequest): Problem {
    if (error instanceof ValidationFailed) {
      return problem(400, 'validation-failed', 'the request is not valid: see errors', { errors: error.errors });
    }
    if (error instanceof DomainError) {
      const status = DOMAIN_STATUS[error.code] ?? 409;
      return problem(status, error.code, error.message, error.details);
    }
    if (error instanceof NotFoundError) return problem(404, 'not-found', error.message);
    if (error instanceof PreconditionFailedError) return problem(412, 'precondition-failed', error.message);
    if (error instanceof ConcurrencyConflictError) return problem(409, 'conflict', error.message);
    if (error instanceof InvalidQueryError) return problem(400, 'validation-failed', error.message);
    if (error instanceof StorageUnavailableError) return problem(503, 'storage-unavailable', 'the event log cannot take writes now (storage full or unavailable); nothing was recorded, retry later');
    // Fastify's refusal of a content type, as Nest hands it over (an HttpException) or not.
    const status = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: unknown })?.statusCode;
    if (status === 415) return problem(415, 'unsupported-media-type', unsupportedMediaType(request));
    if (error instanceof HttpException) return this.fromHttpException(error);
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, wrong content type, body too large.
      return problem(status, HTTP_CODES[status] ?? 'validation-failed', (error as Error).message);
    }
    return problem(500, 'internal', 'something went wrong on our side; it has been logged');
  }

  private fromHttpException(error: HttpException): Problem {
    const status = error.getStatus();
    const response = error.getResponse();
    const explicit = typeof response === 'object' && response !== null ? (response as { code?: unknown }).code : undefined;
    const code = typeof explicit === 'string' ? explicit : HTTP_CODES[status] ?? (status >= 500 ? 'internal' : 'error');
    // A 5xx we raised on purpose with a code (not-caught-up, timers-not-fired) says why; any other stays vague.
    const detail = error instanceof BadRequestException || status < 500 || typeof explicit === 'string' ? error.message : 'the service cannot answer now';
    return problem(status, code, detail);
  }
}
