import { Type } from '@nestjs/common';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const ORDERING_CONTROLLERS: Type<unknown>[] = [];
