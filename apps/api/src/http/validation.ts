import { ValidationError, ValidationPipe } from '@nestjs/common';

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
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}
