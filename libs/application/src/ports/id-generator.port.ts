export interface IdGenerator {
  /** A fresh unique id (a UUID; the embedded adapters make time-ordered v7 ones). */
  newId(): string;
}

export const ID_GENERATOR = Symbol('IdGenerator');
