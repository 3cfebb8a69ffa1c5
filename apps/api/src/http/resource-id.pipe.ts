import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '@ledger/application';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Path ids never reach a store unchecked; a malformed id simply does not exist (404). */
@Injectable()
export class ResourceId implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID.test(value)) throw new NotFoundError('resource', value.slice(0, 40));
    return value;
  }
}
