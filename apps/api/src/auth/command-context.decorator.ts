import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommandContext } from '@ledger/application';
import { AuthenticatedRequest } from './auth.decorators';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const IF_MATCH = /^(?:W\/)?"(\d{1,15})"$/;

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** R3: actor from the token, correlation id from X-Correlation-Id (or a new one), If-Match. */
export const CommandCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CommandCtx used on a public route');
  const correlationId = header(request, 'x-correlation-id') ?? randomUUID();
  if (!CORRELATION_ID.test(correlationId)) {
    throw new BadRequestException('X-Correlation-Id must be 1-128 characters of letters, digits, ".", "_", ":" or "-"');
  }
  const ifMatch = header(request, 'if-match');
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    const match = IF_MATCH.exec(ifMatch.trim());
    if (!match) throw new BadRequestException('If-Match must be an ETag like "3"');
    expectedRevision = Number(match[1]);
  }
  return { actor: { ...request.principal }, correlationId, causationId: null, expectedRevision };
});
