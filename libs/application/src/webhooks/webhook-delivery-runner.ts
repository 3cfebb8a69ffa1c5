import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CLOCK, Clock } from '../ports/clock.port';
import { Position } from '../ports/event-store.port';
import { DocumentWrite, READ_STORE, ReadStore } from '../ports/read-store.port';
import { DueWorkRegistry } from '../timers/due-work';
import { LogBatch, LogProcessor } from '../consumer/log-processor';
import { readStoreProcessor } from '../consumer/read-store-processor';
import { SubscriptionCustomers } from '../feed/subscription-customers';
import { DELIVERIES_COLLECTION, DELIVERIES_SCHEMA, DELIVERY_PLANNER_CHECKPOINT, deliveryColumns, deliveryCounterDelta, PLANNER_ENDPOINTS_COLLECTION, PLANNER_LOOKUP_COLLECTION } from './delivery.model';
import { planDeliveries, PlannerEndpointDocument } from './delivery-planner';
import { DeliveryDispatcher } from './delivery-dispatcher';

/** Sends what fell due without a timer scan (e.g. before the lead's timer loop fires due work). */
const SWEEP_EVERY_MS = 1000;

/**
 * Worker side of R22, a processor of the log consumer: the planner commits the planned
 * deliveries (and its endpoint view) with its checkpoint, so a crash never skips a
 * delivery; then the dispatcher's lanes send them. Retries fall due on the injected
 * clock: the dispatcher is a DueWorkSource (timer loop, test clock) and is also swept
 * every second while the consumer runs.
 */
@Injectable()
export class WebhookDeliveryRunner implements LogProcessor, OnModuleInit {
  readonly name = 'webhook-planner';
  private readonly logger = new Logger('webhooks');
  private readonly processor: LogProcessor;
  private sweep: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private closed = true;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly registry: DueWorkRegistry,
  ) {
    const customers = new SubscriptionCustomers(readStore, PLANNER_LOOKUP_COLLECTION);
    let endpoints = new Map<string, PlannerEndpointDocument>();
    this.processor = readStoreProcessor({
      name: this.name,
      readStore,
      checkpoint: DELIVERY_PLANNER_CHECKPOINT,
      // From what is committed: a batch that failed to commit left nothing behind.
      beforeResume: async () => {
        await readStore.defineCollection(DELIVERIES_COLLECTION, DELIVERIES_SCHEMA);
        await readStore.defineCollection(PLANNER_ENDPOINTS_COLLECTION, { columns: {}, indexes: [] });
        await customers.define();
        endpoints = new Map((await readStore.find<PlannerEndpointDocument>(PLANNER_ENDPOINTS_COLLECTION, {}, { limit: 100_000 })).items.map((d) => [d.id, d]));
      },
      write: async (batch) => {
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
    });
  }

  onModuleInit(): void {
    this.registry.register(this.dispatcher);
  }

  async resume(): Promise<Position | null> {
    this.closed = false;
    const checkpoint = await this.processor.resume();
    if (!this.closed) this.sweep ??= setInterval(() => this.sweepDue(), SWEEP_EVERY_MS);
    return checkpoint;
  }

  handle(batch: LogBatch): Promise<void> {
    return this.processor.handle(batch);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    await this.sweeping;
  }

  private sweepDue(): void {
    this.sweeping ??= this.dispatcher
      .startDue(this.clock.now())
      .catch((error: Error) => this.logger.error(`webhook sweep failed: ${error.message}`))
      .finally(() => (this.sweeping = null));
  }
}
