import { Type } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const ANALYTICS_CONTROLLERS: Type<unknown>[] = [AnalyticsController];
