import 'reflect-metadata';
import { ALL_PROJECTIONS, checkpointName, ReadStoreProjectionMonitor } from '@ledger/application';
import { ConfigError, openEventStore, openReadStore, parseAppConfig } from '@ledger/infrastructure';

/** Under the container health check's timeout, so the probe answers for itself. */
const CATCH_UP_MS = 10_000;

/**
 * The worker's container health check (it serves no HTTP): exit 0 when the stores answer
 * and the read models reach the log's current head within 10 s, which is the worker's
 * job; exit 1 otherwise, naming what lags. Same environment as the worker.
 */
async function main(): Promise<number> {
  const config = parseAppConfig(process.env);
  const [eventStore, readStore] = await Promise.all([openEventStore(config), openReadStore(config)]);
  try {
    const head = await eventStore.headPosition();
    if (head === null) return 0;
    const monitor = new ReadStoreProjectionMonitor(eventStore, readStore, ALL_PROJECTIONS.map((p) => ({ name: p.name, checkpoint: checkpointName(p) })));
    if (await monitor.waitFor(head, CATCH_UP_MS)) return 0;
    const behind = (await monitor.lag()).filter((lag) => !lag.caughtUp).map((lag) => `${lag.projection} at ${lag.checkpoint ?? 'start'}`);
    console.error(`read models did not reach ${head} within ${CATCH_UP_MS / 1000} s: ${behind.join(', ')}`);
    return 1;
  } finally {
    await Promise.allSettled([eventStore.close(), readStore.close()]);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
