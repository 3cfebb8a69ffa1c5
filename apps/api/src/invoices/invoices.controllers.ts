import { Type } from '@nestjs/common';
import { InvoicesController } from './invoices.controller';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const INVOICES_CONTROLLERS: Type<unknown>[] = [InvoicesController];
