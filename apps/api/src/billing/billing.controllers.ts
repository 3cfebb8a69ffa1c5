import { Type } from '@nestjs/common';
import { BillingController } from './billing.controller';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const BILLING_CONTROLLERS: Type<unknown>[] = [BillingController];
