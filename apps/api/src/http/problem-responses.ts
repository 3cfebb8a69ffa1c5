import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { ReviewedLineSchema } from '../ordering/order.view';
import { Problem } from './problem';

@ApiSchema({ name: 'FieldError' })
export class FieldErrorSchema {
  @ApiProperty({ example: 'billingCountry' })
  field!: string;

  @ApiProperty({ example: 'billingCountry must be an ISO 3166-1 alpha-2 code such as "TW"' })
  message!: string;
}

/** RFC 9457 problem details (API.md "Errors"), served as application/problem+json. */
@ApiSchema({ name: 'Problem' })
export class ProblemSchema implements Problem {
  [extension: string]: unknown;

  @ApiProperty({ example: 'https://ledger.example/problems/not-found' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 404 })
  status!: number;

  @ApiProperty({ example: 'not-found', description: 'Stable code to branch on: a SPEC.md reason code or one of API.md "Errors"' })
  code!: string;

  @ApiProperty({ example: 'no customer cus-1 for your partner' })
  detail!: string;

  @ApiPropertyOptional({ type: () => [FieldErrorSchema], description: '400 validation-failed: one per bad field' })
  errors?: FieldErrorSchema[];

  @ApiPropertyOptional({ type: () => [ReviewedLineSchema], description: '422 order-refused: every line as a review shows it' })
  lines?: ReviewedLineSchema[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'validation-failed: the body, query or a header is not valid (problem+json with errors)',
  401: 'unauthenticated: missing or bad bearer token',
  403: 'forbidden: your roles do not allow this (R2)',
  404: 'not-found: no such resource for your partner (R1)',
  409: 'refused transition with its SPEC reason code (R18), or conflict',
  412: 'precondition-failed: If-Match does not match the current revision',
  415: 'unsupported-media-type: the body is not application/json',
  422: 'order-refused (with lines) or idempotency-key-reused',
  503: 'not-caught-up: read models did not reach consistentWith within 5 s (Retry-After)',
};

/** One documented problem+json answer. */
export function ProblemResponse(status: number, description = DESCRIPTIONS[status]) {
  return ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } } });
}

/** The problem+json answers a route can give besides 401 and 403, for the OpenAPI document. */
export function ProblemResponses(...statuses: number[]) {
  return applyDecorators(ApiExtraModels(ProblemSchema), ...[401, 403, ...statuses].map((status) => ProblemResponse(status)));
}
