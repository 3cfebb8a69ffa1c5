import { Inject, Injectable, Optional } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { CLOCK, Clock, EVENT_STORE, EventStore, eventsBetween, LOG_CONSUMER_STATUS, LogConsumerStatus, Position, ProcessorStatus, PROJECTION_MONITOR, ProjectionMonitor, TimerStats } from '@ledger/application';
import { METRICS_REGISTRY } from './metrics-registry';
import { perScrape } from './scrape-snapshot';
import { WEBHOOK_DELIVERY_STATS, WebhookDeliveryStats } from './webhook-delivery-stats';

/** Positions that are not event counts (EventStoreDB) are counted by reading, up to this many. */
export const LAG_COUNT_CAP = 10_000;

/**
 * Gauges read at scrape time (prom-client calls `collect` per scrape): projection lag,
 * timers due and overdue, webhook deliveries pending and failed.
 */
@Injectable()
export class StateGauges {
  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(PROJECTION_MONITOR) private readonly monitor: Pick<ProjectionMonitor, 'lag'>,
    @Inject(EVENT_STORE) private readonly eventStore: Pick<EventStore, 'readAll'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TimerStats) private readonly timers: Pick<TimerStats, 'counts'>,
    @Optional() @Inject(WEBHOOK_DELIVERY_STATS) private readonly webhooks: WebhookDeliveryStats | null,
    @Optional() @Inject(LOG_CONSUMER_STATUS) private readonly consumer: Pick<LogConsumerStatus, 'processors'> | null,
  ) {
    this.logProcessors(registry);
    this.projectionLag(registry);
    this.timerCounts(registry);
    this.webhookDeliveries(registry);
  }

  /** The log consumer's processors (read models, workflows, event feed, webhook planner). */
  private logProcessors(registry: Registry): void {
    const consumer = this.consumer;
    if (!consumer) return;
    const snapshot = perScrape(() => consumer.processors());
    const gauge = (name: string, help: string, value: (p: ProcessorStatus) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['processor'],
        registers: [registry],
        async collect() {
          for (const processor of await snapshot()) this.set({ processor: processor.name }, value(processor));
        },
      });
    gauge('ledger_log_processor_events_behind', 'Events in the log after the processor\'s checkpoint (-1 when positions are not event counts)', (p) => p.eventsBehind ?? -1);
    gauge('ledger_log_processor_failures', 'Failures in a row of the processor (0 while it succeeds); each is retried from its checkpoint', (p) => p.failures);
    gauge('ledger_log_processor_failing_seconds', 'How long the processor has been failing (0 while it succeeds)', (p) => (p.failingSince ? Math.max(0, (Date.now() - Date.parse(p.failingSince)) / 1000) : 0));
  }

  private projectionLag(registry: Registry): void {
    const snapshot = perScrape(() => this.projectionLagSnapshot());
    new Gauge({
      name: 'ledger_projection_lag_events',
      help: 'Events in the log not yet applied to the read model',
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        for (const { projection, events } of await snapshot()) this.set({ projection }, events);
      },
    });
    new Gauge({
      name: 'ledger_projection_lag_seconds',
      help: 'Age of the oldest event not yet applied to the read model (0 when caught up)',
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        for (const { projection, seconds } of await snapshot()) this.set({ projection }, seconds);
      },
    });
  }

  private async projectionLagSnapshot(): Promise<Array<{ projection: string; events: number; seconds: number }>> {
    const now = this.clock.now().getTime();
    const lags = await this.monitor.lag();
    return Promise.all(
      lags.map(async ({ projection, checkpoint, head }) => {
        const events = await this.eventsBehind(checkpoint, head);
        return { projection, events, seconds: events === 0 ? 0 : await this.oldestPendingAge(checkpoint, now) };
      }),
    );
  }

  private async eventsBehind(checkpoint: Position | null, head: Position | null): Promise<number> {
    const counted = eventsBetween(checkpoint, head);
    if (counted !== null) return counted;
    let behind = 0;
    for await (const batch of this.eventStore.readAll({ after: checkpoint, batchSize: 500 })) {
      behind += batch.length;
      if (behind >= LAG_COUNT_CAP) return LAG_COUNT_CAP;
    }
    return behind;
  }

  private async oldestPendingAge(checkpoint: Position | null, now: number): Promise<number> {
    for await (const batch of this.eventStore.readAll({ after: checkpoint, batchSize: 1 })) {
      const [oldest] = batch;
      if (oldest) return Math.max(0, (now - Date.parse(oldest.metadata.occurredAt)) / 1000);
    }
    return 0;
  }

  private timerCounts(registry: Registry): void {
    const counts = perScrape(() => this.timers.counts());
    gauge(registry, 'ledger_timers_due', 'Subscriptions with a timer due now and not fired yet', async () => (await counts()).due);
    gauge(registry, 'ledger_timers_overdue', 'Subscriptions with a timer due for more than a minute (the timer loop is stuck or behind)', async () => (await counts()).overdue);
  }

  private webhookDeliveries(registry: Registry): void {
    const stats = this.webhooks;
    // Without the webhooks feature the series are declared (HELP/TYPE) but carry no sample.
    const read = (which: keyof WebhookDeliveryStats) => (stats ? () => stats[which]() : null);
    gauge(registry, 'ledger_webhook_deliveries_pending', 'Webhook deliveries waiting for a first or further attempt', read('pending'));
    gauge(registry, 'ledger_webhook_deliveries_failed', 'Webhook deliveries that gave up (retries exhausted)', read('failed'));
  }
}

/** A gauge whose value is read at each scrape; without a reader, HELP and TYPE but no sample. */
function gauge(registry: Registry, name: string, help: string, read: (() => Promise<number>) | null): void {
  if (!read) {
    // prom-client gives an unlabelled gauge a 0 sample from the start; a declared label
    // that is never set keeps the series empty instead of reporting a made-up 0.
    new Gauge({ name, help, registers: [registry], labelNames: ['source'] });
    return;
  }
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}
