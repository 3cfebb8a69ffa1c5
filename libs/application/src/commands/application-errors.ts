/** Errors the application raises itself; the HTTP layer maps each to one status. */

/** The resource does not exist for this partner (R1: a foreign id looks missing). */
export class NotFoundError extends Error {
  constructor(readonly resource: string, readonly id: string) {
    super(`${resource} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** Appends kept conflicting after every retry. */
export class ConcurrencyConflictError extends Error {
  constructor(readonly stream: string, attempts: number) {
    super(`${stream} kept changing during ${attempts} attempts; retry the request`);
    this.name = 'ConcurrencyConflictError';
  }
}

/** `If-Match` named a revision the resource is no longer at. */
export class PreconditionFailedError extends Error {
  constructor(readonly stream: string, readonly expected: number, readonly actual: number) {
    super(`the resource is at revision ${actual}, not ${expected}: read it again and retry`);
    this.name = 'PreconditionFailedError';
  }
}
