import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'validation-failed: the body, query or a header is not valid (problem+json with errors)',
  401: 'unauthenticated: missing or bad bearer token',
  403: 'forbidden: your roles do not allow this (R2)',
  404: 'not-found: no such resource for your partner (R1)',
  409: 'refused transition with its SPEC reason code (R18), or conflict',
  412: 'precondition-failed: If-Match does not match the current revision',
  422: 'order-refused (with lines) or idempotency-key-reused',
  503: 'not-caught-up: read models did not reach consistentWith within 5 s',
};

/** The problem+json answers a route can give, for the OpenAPI document. */
export function ProblemResponses(...statuses: number[]) {
  return applyDecorators(...[401, 403, ...statuses].map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] })));
}
