import { ArgumentMetadata, Type, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { requestSchemaFor } from './request-schemas';

/** 400 with `errors: [{ field, message }]` (API.md). */
export class ValidationFailed extends Error {
  constructor(readonly errors: Array<{ field: string; message: string }>) {
    super('validation failed');
  }
}

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, not dropped silently: a typo must not pass as a default. */
export const VALIDATION_PIPE_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validateCustomDecorators: false,
  exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
};

/**
 * Nest's ValidationPipe with a fast accept path for request bodies: a value the DTO's compiled
 * schema accepts (request-schemas.ts) is only built into its instance, without class-validator.
 * Anything else, refusals included, takes ValidationPipe's own path, so every 400 is its answer.
 * Queries keep that path: what backs the fast path is request-schemas.spec.ts's property test,
 * which generates JSON bodies, not query strings (and a query costs little to validate).
 */
export class CompiledValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const accepted = metadata.type === 'body' && metadata.metatype ? this.acceptedBody(value, metadata.metatype) : undefined;
    return accepted ?? super.transform(value, metadata);
  }

  private acceptedBody(value: unknown, metatype: Type<unknown>): object | undefined {
    const fast = requestSchemaFor(metatype);
    if (!('accepts' in fast)) return undefined;
    const body = this.toEmptyIfNil(value, metatype);
    if (typeof body !== 'object' || body === null || Array.isArray(body) || this.isBinary(body)) return undefined;
    // What ValidationPipe.transform does before validating, so the instance is the one it builds.
    this.closeArrayGaps(body);
    this.stripProtoKeys(body);
    const instance = plainToInstance(metatype, body, this.transformOptions) as object;
    return fast.accepts(instance) ? instance : undefined;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new CompiledValidationPipe(VALIDATION_PIPE_OPTIONS);
}
