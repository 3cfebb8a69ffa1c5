import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ValidationFailed } from './validation';

const KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** R10: purchases must carry `Idempotency-Key` (1-128 of letters, digits, ".", "_", ":", "-"). */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['idempotency-key'];
  const key = Array.isArray(value) ? value[0] : value;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new ValidationFailed([{ field: 'Idempotency-Key', message: 'header Idempotency-Key is required: 1-128 letters, digits, ".", "_", ":" or "-"' }]);
  }
  return key;
});
