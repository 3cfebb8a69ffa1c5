import { Registry } from 'prom-client';
import { Clock, EventStore, ProcessorStatus, ProjectionMonitor, RecordedEvent } from '@ledger/application';
import { StateGauges } from './state-gauges';
import { WebhookDeliveryStats } from './webhook-delivery-stats';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const clock: Clock = { now: () => NOW };

function eventAt(position: string, occurredAt: string): RecordedEvent {
  return { id: position, type: 'T', data: {}, stream: 's', revision: 0, position, metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt, schema: 1 } };
}

/** A log whose positions are not event counts (as EventStoreDB's): lag is counted by reading. */
function storeWith(events: RecordedEvent[]): Pick<EventStore, 'readAll'> {
  return {
    readAll: async function* ({ after, batchSize = 500 }: { after?: string | null; batchSize?: number } = {}) {
      const rest = events.filter((e) => after === null || after === undefined || e.position > after);
      for (let i = 0; i < rest.length; i += batchSize) yield rest.slice(i, i + batchSize);
    },
  };
}

function gauges(options: { monitor: Pick<ProjectionMonitor, 'lag'>; store: Pick<EventStore, 'readAll'>; webhooks?: WebhookDeliveryStats; processors?: ProcessorStatus[] }) {
  const registry = new Registry();
  const timers = { counts: async () => ({ due: 3, overdue: 1 }) };
  const consumer = options.processors ? { processors: async () => options.processors! } : null;
  new StateGauges(registry, options.monitor, options.store, clock, timers, options.webhooks ?? null, consumer);
  return registry;
}

describe('state gauges read at scrape time', () => {
  const events = [eventAt('C:1', '2026-02-28T23:00:00.000Z'), eventAt('C:2', '2026-02-28T23:59:00.000Z'), eventAt('C:3', '2026-02-28T23:59:30.000Z')];
  const monitor = {
    lag: async () => [
      { projection: 'subscriptions', checkpoint: 'C:1', head: 'C:3', caughtUp: false },
      { projection: 'ledger', checkpoint: 'C:3', head: 'C:3', caughtUp: true },
    ],
  };

  it('projection lag: events after the checkpoint, and the age of the oldest of them', async () => {
    const text = await gauges({ monitor, store: storeWith(events) }).metrics();
    expect(text).toContain('ledger_projection_lag_events{projection="subscriptions"} 2');
    expect(text).toContain('ledger_projection_lag_seconds{projection="subscriptions"} 60');
    expect(text).toContain('ledger_projection_lag_events{projection="ledger"} 0');
    expect(text).toContain('ledger_projection_lag_seconds{projection="ledger"} 0');
  });

  it('numeric positions (SQLite) give the lag without reading the log', async () => {
    const sqlite = { lag: async () => [{ projection: 'customers', checkpoint: '0000000000000010', head: '0000000000000025', caughtUp: false }] };
    const text = await gauges({ monitor: sqlite, store: storeWith([eventAt('0000000000000011', '2026-02-28T23:59:50.000Z')]) }).metrics();
    expect(text).toContain('ledger_projection_lag_events{projection="customers"} 15');
    expect(text).toContain('ledger_projection_lag_seconds{projection="customers"} 10');
  });

  it("the log consumer's processors: events behind, failures in a row, and how long one has been failing", async () => {
    const failingSince = new Date(Date.now() - 90_000).toISOString();
    const processors: ProcessorStatus[] = [
      { name: 'read-models', state: 'running', checkpoint: 'C:3', position: 'C:3', head: 'C:3', eventsBehind: 0, lastError: null, failingSince: null, failures: 0 },
      { name: 'workflows', state: 'failing', checkpoint: 'C:1', position: 'C:3', head: 'C:3', eventsBehind: null, lastError: 'boom', failingSince, failures: 4 },
    ];
    const text = await gauges({ monitor, store: storeWith(events), processors }).metrics();
    expect(text).toContain('ledger_log_processor_events_behind{processor="read-models"} 0');
    expect(text).toContain('ledger_log_processor_events_behind{processor="workflows"} -1');
    expect(text).toContain('ledger_log_processor_failures{processor="workflows"} 4');
    expect(text).toContain('ledger_log_processor_failures{processor="read-models"} 0');
    const failingFor = Number(/ledger_log_processor_failing_seconds\{processor="workflows"\} ([\d.]+)/.exec(text)?.[1]);
    expect(failingFor).toBeGreaterThanOrEqual(90);
    expect(failingFor).toBeLessThan(120);
  });

  it('timers due and overdue from TimerStats', async () => {
    const text = await gauges({ monitor, store: storeWith(events) }).metrics();
    expect(text).toContain('ledger_timers_due 3');
    expect(text).toContain('ledger_timers_overdue 1');
  });

  it('webhook deliveries pending and failed from the injected stats', async () => {
    const text = await gauges({ monitor, store: storeWith(events), webhooks: { pending: async () => 7, failed: async () => 2 } }).metrics();
    expect(text).toContain('ledger_webhook_deliveries_pending 7');
    expect(text).toContain('ledger_webhook_deliveries_failed 2');
  });

  it('without webhook stats the series are declared but carry no made-up value', async () => {
    const text = await gauges({ monitor, store: storeWith(events) }).metrics();
    expect(text).toContain('# TYPE ledger_webhook_deliveries_pending gauge');
    expect(text).not.toMatch(/^ledger_webhook_deliveries_pending/m);
  });
});
