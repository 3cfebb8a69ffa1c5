import { Type } from '@nestjs/common';
import { OrdersController } from './orders.controller';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const ORDERING_CONTROLLERS: Type<unknown>[] = [OrdersController];
