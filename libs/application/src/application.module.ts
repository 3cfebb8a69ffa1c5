import { Global, Module, Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from './ports/event-store.port';
import { READ_STORE, ReadStore } from './ports/read-store.port';
import { PROJECTION_MONITOR } from './projections/projection-monitor';
import { ReadStoreProjectionMonitor } from './projections/read-store-projection-monitor';
import { PROJECTION_ACTIVITY, ProjectionActivity } from './projections/projection-activity';
import { ALL_PROJECTIONS } from './projections/all-projections';
import { checkpointName } from './projections/projection';
import { CreateCustomerHandler } from './customers/create-customer.handler';
import { GetCustomerHandler, ListCustomersHandler } from './customers/customer-queries';
import { CATALOG_HANDLERS } from './catalog/catalog.providers';
import { ORDERING_HANDLERS } from './ordering/ordering.providers';
import { SUBSCRIPTIONS_HANDLERS } from './subscriptions/subscription.providers';
import { BILLING_HANDLERS } from './billing/billing.providers';
import { ANALYTICS_HANDLERS } from './analytics/analytics.providers';
import { INVOICING_PROVIDERS } from './invoicing/invoicing.providers';
import { InvoiceReader } from './invoicing/invoice-reader';
import { TimerPoller } from './timers/timer-poller';
import { TimerLoop } from './timers/timer-loop';
import { SharedTestClock } from './timers/shared-test-clock';
import { DueWorkRegistry } from './timers/due-work';
import { Workflow, WORKFLOWS } from './workflows/workflow';
import { WORKFLOWS_CHECKPOINT, WorkflowRunner } from './workflows/workflow-runner';
import { LOG_CONSUMER_STATUS, LogConsumerBoard } from './consumer/log-consumer-status';
import { EVENT_FEED_CHECKPOINT } from './feed/event-feed.model';
import { DELIVERY_PLANNER_CHECKPOINT } from './webhooks/delivery.model';
import { AddOnCascadeWorkflow } from './subscriptions/add-on-cascade.workflow';
import { OrderCompletionWorkflow } from './ordering/order-completion.workflow';

const COMMAND_HANDLERS: Provider[] = [
  CreateCustomerHandler,
  ...CATALOG_HANDLERS,
  ...ORDERING_HANDLERS,
  ...SUBSCRIPTIONS_HANDLERS,
  ...BILLING_HANDLERS,
  ...ANALYTICS_HANDLERS,
];
const QUERY_HANDLERS: Provider[] = [GetCustomerHandler, ListCustomersHandler];

/** Command and query handlers on the @nestjs/cqrs buses, and the read models' lag monitor. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    DueWorkRegistry,
    SharedTestClock,
    WorkflowRunner,
    {
      provide: WORKFLOWS,
      inject: [AddOnCascadeWorkflow, OrderCompletionWorkflow],
      useFactory: (...workflows: Workflow[]) => workflows,
    },
    ...COMMAND_HANDLERS,
    ...QUERY_HANDLERS,
    ...INVOICING_PROVIDERS,
    { provide: PROJECTION_ACTIVITY, useFactory: () => new ProjectionActivity() },
    {
      provide: PROJECTION_MONITOR,
      inject: [EVENT_STORE, READ_STORE, PROJECTION_ACTIVITY],
      useFactory: (eventStore: EventStore, readStore: ReadStore, activity: ProjectionActivity) =>
        new ReadStoreProjectionMonitor(eventStore, readStore, ALL_PROJECTIONS.map((p) => ({ name: p.name, checkpoint: checkpointName(p) })), activity),
    },
    {
      // The log consumer's processors (the worker attaches its consumer while it holds the lease).
      provide: LOG_CONSUMER_STATUS,
      inject: [EVENT_STORE, READ_STORE],
      useFactory: (eventStore: EventStore, readStore: ReadStore) =>
        new LogConsumerBoard(eventStore, readStore, [
          { name: 'read-models', checkpoints: ALL_PROJECTIONS.map(checkpointName) },
          { name: 'workflows', checkpoints: [WORKFLOWS_CHECKPOINT] },
          { name: 'event-feed', checkpoints: [EVENT_FEED_CHECKPOINT] },
          { name: 'webhook-planner', checkpoints: [DELIVERY_PLANNER_CHECKPOINT] },
        ]),
    },
  ],
  exports: [InvoiceReader, PROJECTION_MONITOR, PROJECTION_ACTIVITY, LOG_CONSUMER_STATUS, TimerPoller, TimerLoop, DueWorkRegistry, SharedTestClock, WorkflowRunner],
})
export class ApplicationModule {}
