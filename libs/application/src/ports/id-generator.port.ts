export interface IdGenerator {
  /** A fresh random id (UUID v4). */
  newId(): string;
}

export const ID_GENERATOR = Symbol('IdGenerator');
