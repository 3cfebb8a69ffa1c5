import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per application instance, not prom-client's global one: tests start and
 * stop several apps in one process, and a global metric would keep the first app's
 * collect callbacks (closed stores) alive in the next.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export const METRICS_REGISTRY = Symbol('MetricsRegistry');
