/** A command's failure as MongoDB reports it: `{ ok: 0, errmsg, code, codeName }`. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly labels: string[] = [],
  ) {
    super(message);
  }
}

export const notImplemented = (what: string): CommandError =>
  new CommandError(59, 'CommandNotFound', `mongo double: ${what} is not implemented (test/support/mongo-double)`);

export const badValue = (message: string): CommandError => new CommandError(2, 'BadValue', message);
