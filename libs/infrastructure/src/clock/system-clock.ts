import { Clock } from '@ledger/application';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
