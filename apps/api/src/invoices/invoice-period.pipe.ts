import { Injectable, PipeTransform } from '@nestjs/common';
import { PERIOD_PATTERN } from '@ledger/domain';
import { ValidationFailed } from '../http/validation';

/** `:period` is a month "YYYY-MM"; anything else is a 400, never a store lookup. */
@Injectable()
export class InvoicePeriod implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PERIOD_PATTERN.test(value)) throw new ValidationFailed([{ field: 'period', message: 'period must be a month YYYY-MM' }]);
    return value;
  }
}
