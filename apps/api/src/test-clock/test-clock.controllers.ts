import { Type } from '@nestjs/common';
import { TestClockController } from './test-clock.controller';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const TEST_CLOCK_CONTROLLERS: Type<unknown>[] = [TestClockController];
