import { Type } from '@nestjs/common';
import { OffersController } from './offers.controller';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const CATALOG_CONTROLLERS: Type<unknown>[] = [OffersController];
