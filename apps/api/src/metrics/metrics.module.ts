import { Module } from '@nestjs/common';
import { TimerStats } from '@ledger/application';
import { EventStoreMetrics } from './event-store-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry, METRICS_REGISTRY } from './metrics-registry';
import { StateGauges } from './state-gauges';

/** GET /metrics (API.md "Operations"): HTTP, event store, projection lag, timers, webhooks. */
@Module({
  controllers: [MetricsController],
  providers: [{ provide: METRICS_REGISTRY, useFactory: createMetricsRegistry }, TimerStats, HttpMetrics, EventStoreMetrics, StateGauges],
  exports: [METRICS_REGISTRY],
})
export class MetricsModule {}
