/**
 * A refused command. `code` is a SPEC.md reason code; the HTTP layer maps it to a
 * status (409 for refused transitions, 422 for refused orders, 404 for unknown ids).
 * Messages say what to do next.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
