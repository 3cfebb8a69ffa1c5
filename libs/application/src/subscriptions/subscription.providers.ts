import { Provider } from '@nestjs/common';
import { Projection } from '../projections/projection';
import {
  CancelSubscriptionHandler,
  ChangeQuantityHandler,
  ReactivateSubscriptionHandler,
  SuspendSubscriptionHandler,
  ToggleAutoRenewHandler,
} from './lifecycle.commands';
import { SubscriptionCommands } from './subscription-commands';
import { NewCommerceCommands } from './new-commerce-commands';
import { SubscriptionPrograms } from './subscription-programs';
import { RemoveScheduledChangesHandler, ScheduleChangesHandler } from './scheduled-changes.commands';
import { AddOnCascadeWorkflow } from './add-on-cascade.workflow';
import { GetSubscriptionHandler, ListCustomerSubscriptionsHandler, SubscriptionHistoryHandler } from './subscription-queries';
import { subscriptionsProjection } from './subscriptions.projection';
import { TimerPoller } from '../timers/timer-poller';
import { TimerLoop } from '../timers/timer-loop';
import { dueProjection } from '../timers/due.projection';

/** Command and query handlers of this feature, registered on the CQRS buses by ApplicationModule. */
export const SUBSCRIPTIONS_HANDLERS: Provider[] = [
  SubscriptionCommands,
  NewCommerceCommands,
  SubscriptionPrograms,
  ScheduleChangesHandler,
  RemoveScheduledChangesHandler,
  AddOnCascadeWorkflow,
  SuspendSubscriptionHandler,
  ReactivateSubscriptionHandler,
  CancelSubscriptionHandler,
  ToggleAutoRenewHandler,
  ChangeQuantityHandler,
  GetSubscriptionHandler,
  SubscriptionHistoryHandler,
  ListCustomerSubscriptionsHandler,
  TimerPoller,
  TimerLoop,
];

/** Read models of this feature, kept up to date by the worker. */
export const SUBSCRIPTIONS_PROJECTIONS: Projection[] = [subscriptionsProjection, dueProjection];
