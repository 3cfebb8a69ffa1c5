import { randomUUID } from 'node:crypto';
import { IdGenerator } from '@ledger/application';

export class UuidIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
