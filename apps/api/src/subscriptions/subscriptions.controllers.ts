import { Type } from '@nestjs/common';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const SUBSCRIPTIONS_CONTROLLERS: Type<unknown>[] = [];
