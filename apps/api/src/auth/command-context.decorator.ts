import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CommandContext } from '@ledger/application';
import { AuthenticatedRequest } from './auth.decorators';
import { FastifyRequest } from 'fastify';
import { requestIds } from '../http/request-ids';

const IF_MATCH = /^(?:W\/)?"(\d{1,15})"$/;

type Request = FastifyRequest & AuthenticatedRequest;

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * R3: actor from the token, If-Match, and the request's correlation id: the client's
 * X-Correlation-Id when acceptable, else the one generated for the request, echoed in the
 * response and logged with it (http/request-ids.ts), so the events record the same id.
 */
export const CommandCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<Request>();
  if (!request.principal) throw new Error('CommandCtx used on a public route');
  const { correlationId } = requestIds(request.raw);
  const ifMatch = header(request, 'if-match');
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    const match = IF_MATCH.exec(ifMatch.trim());
    if (!match) throw new BadRequestException('If-Match must be an ETag like "3"');
    expectedRevision = Number(match[1]);
  }
  return { actor: { ...request.principal }, correlationId, causationId: null, expectedRevision };
});
