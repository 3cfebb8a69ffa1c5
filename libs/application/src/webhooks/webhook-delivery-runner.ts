import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { DocumentWrite, READ_STORE, ReadStore } from '../ports/read-store.port';
import { DueWorkRegistry } from '../timers/due-work';
import { LogFollower } from '../feed/log-follower';
import { SubscriptionCustomers } from '../feed/subscription-customers';
import { DELIVERIES_COLLECTION, DELIVERIES_SCHEMA, DELIVERY_PLANNER_CHECKPOINT, deliveryColumns, deliveryCounterDelta, PLANNER_ENDPOINTS_COLLECTION, PLANNER_LOOKUP_COLLECTION } from './delivery.model';
import { planDeliveries, PlannerEndpointDocument } from './delivery-planner';
import { DeliveryDispatcher } from './delivery-dispatcher';

/** Sends what fell due without a timer scan (e.g. before the lead's timer loop fires due work). */
const SWEEP_EVERY_MS = 1000;

/**
 * Worker side of R22: the planner follows `$all` with its own checkpoint and commits the
 * planned deliveries (and its endpoint view) with it, so a crash never skips a delivery;
 * then the dispatcher's lanes send them. Retries fall due on the injected clock: the
 * dispatcher is a DueWorkSource (timer loop, test clock) and is also swept every second.
 */
@Injectable()
export class WebhookDeliveryRunner implements OnModuleInit {
  private readonly logger = new Logger('webhooks');
  private follower: LogFollower | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly registry: DueWorkRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.dispatcher);
  }

  async start(): Promise<void> {
    if (this.follower) return;
    await this.readStore.defineCollection(DELIVERIES_COLLECTION, DELIVERIES_SCHEMA);
    await this.readStore.defineCollection(PLANNER_ENDPOINTS_COLLECTION, { columns: {}, indexes: [] });
    const customers = new SubscriptionCustomers(this.readStore, PLANNER_LOOKUP_COLLECTION);
    await customers.define();
    let endpoints = new Map<string, PlannerEndpointDocument>();
    this.follower = new LogFollower({
      name: 'webhook-delivery-planner',
      eventStore: this.eventStore,
      readStore: this.readStore,
      checkpoint: DELIVERY_PLANNER_CHECKPOINT,
      // From what is committed: a batch that failed to commit left nothing behind.
      beforeFollow: async () => {
        endpoints = new Map((await this.readStore.find<PlannerEndpointDocument>(PLANNER_ENDPOINTS_COLLECTION, {}, { limit: 100_000 })).items.map((d) => [d.id, d]));
      },
      handle: async (batch) => {
        const lookup = await customers.resolve(batch);
        const planned = planDeliveries(endpoints, batch, lookup.customers);
        endpoints = planned.endpoints;
        const writes: DocumentWrite[] = [
          ...lookup.writes,
          ...planned.changedEndpoints.map((doc) => ({ collection: PLANNER_ENDPOINTS_COLLECTION, doc })),
          ...planned.deliveries.map((doc) => ({ collection: DELIVERIES_COLLECTION, doc, columns: deliveryColumns(doc), counters: deliveryCounterDelta(null, doc.status) })),
        ];
        return writes;
      },
      onCommit: () => void this.dispatcher.startDue(this.clock.now()).catch((error: Error) => this.logger.error(`webhook dispatch failed: ${error.message}`)),
      onError: (error) => this.logger.error(`webhook planning failed; retrying from the checkpoint: ${error.message}`),
    });
    await this.follower.start();
    this.sweep = setInterval(() => {
      this.sweeping ??= this.dispatcher
        .startDue(this.clock.now())
        .catch((error: Error) => this.logger.error(`webhook sweep failed: ${error.message}`))
        .finally(() => (this.sweeping = null));
    }, SWEEP_EVERY_MS);
  }

  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    const follower = this.follower;
    this.follower = null;
    await follower?.stop();
    await this.sweeping;
  }
}
