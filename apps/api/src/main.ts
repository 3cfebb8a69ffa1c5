import 'reflect-metadata';
import { assertStoresIntact, ConfigError, parseAppConfig } from '@ledger/infrastructure';
import { StoreIntegrityError } from '@ledger/application';
import { setTimeout as sleep } from 'node:timers/promises';
import { runWorkerSide, WORKER_SIDE_FLAG, WorkerProcess } from '@ledger/runtime';

const WORKER_START_PATIENCE_MS = 60_000;

/**
 * `npm start`: the api here and the worker side in a child process it starts (the same
 * entry point with WORKER_SIDE_FLAG); `--api-only` when workers run apart (apps/worker).
 */
async function main(): Promise<void> {
  const config = parseAppConfig(process.env);
  await assertStoresIntact(config);
  if (process.argv.includes(WORKER_SIDE_FLAG)) {
    await runWorkerSide(config);
    return;
  }
  const apiOnly = process.argv.includes('--api-only');
  // Loaded here, not at the top: the worker process started from this entry never loads the HTTP side.
  const { createApi } = await import('./create-api');
  const app = await createApi(config, { withWorker: false, workerProcess: !apiOnly });
  // Listen once the worker process runs (not once it caught up: a first boot catches up while the api answers).
  // init() starts the modules (and so the worker process) without listening yet.
  await app.init();
  if (!apiOnly) {
    const patience = new AbortController();
    await Promise.race([app.get(WorkerProcess).ready, sleep(WORKER_START_PATIENCE_MS, undefined, { signal: patience.signal }).catch(() => undefined)]);
    patience.abort();
  }
  await app.listen({ port: config.port, host: config.host });
  console.log(`ledger listening on http://${config.host}:${config.port} (events: ${config.eventStoreUrl ? 'eventstoredb' : 'sqlite'}, read models: ${config.mongodbUrl ? 'mongodb' : 'embedded'}, data: ${config.dataDir}, worker side: ${apiOnly ? 'none here (--api-only: run apps/worker)' : 'a child process'})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof StoreIntegrityError ? error.message : error);
  process.exit(1);
});
