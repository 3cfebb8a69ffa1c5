import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { EVENT_STORE, EventStore } from '@ledger/application';
import { METRICS_REGISTRY } from './metrics-registry';

type Timed = 'append' | 'appendMany';

/** Wraps `store`'s appends so each one is timed; answers and errors pass through unchanged. */
export function timeAppends(store: Pick<EventStore, 'append' | 'appendMany'>, observe: (operation: Timed, outcome: 'ok' | 'error', seconds: number) => void): void {
  const time = <A extends unknown[], R>(operation: Timed, write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await write(...args);
        observe(operation, 'ok', seconds());
        return result;
      } catch (error) {
        observe(operation, 'error', seconds());
        throw error;
      }
    };
  store.append = time('append', store.append.bind(store));
  store.appendMany = time('appendMany', store.appendMany.bind(store));
}

/**
 * `ledger_event_store_append_duration_seconds{operation,outcome}`. The store is created by
 * the global StorageModule and injected as-is into every handler (Nest cannot redefine a
 * provider for other modules), so the one instance is wrapped here, once, at start; the
 * adapters stay unaware of metrics.
 */
@Injectable()
export class EventStoreMetrics implements OnModuleInit {
  private readonly duration: Histogram<'operation' | 'outcome'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {
    this.duration = new Histogram({
      name: 'ledger_event_store_append_duration_seconds',
      help: 'Event store append latency (append: one stream; appendMany: one atomic multi-stream write)',
      labelNames: ['operation', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    timeAppends(this.eventStore, (operation, outcome, seconds) => this.duration.observe({ operation, outcome }, seconds));
  }
}
