import { applyDecorators } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';

/** No token (health, metrics): `Public` for the guard, an explicit empty `security` for the OpenAPI document. */
export function PublicOperation(summary: string) {
  return applyDecorators(Public(), ApiOperation({ summary, security: [] }));
}
