import { Type } from '@nestjs/common';
import { SubscriptionsController } from './subscriptions.controller';

/** HTTP controllers of this feature, mounted by ApiModule. */
export const SUBSCRIPTIONS_CONTROLLERS: Type<unknown>[] = [SubscriptionsController];
