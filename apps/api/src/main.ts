import 'reflect-metadata';
import { assertStoresIntact, ConfigError, parseAppConfig } from '@ledger/infrastructure';
import { StoreIntegrityError } from '@ledger/application';
import { runWorkerSide, WORKER_SIDE_FLAG } from '@ledger/runtime';

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
  await app.listen({ port: config.port, host: config.host });
  console.log(`ledger listening on http://${config.host}:${config.port} (events: ${config.eventStoreUrl ? 'eventstoredb' : 'sqlite'}, read models: ${config.mongodbUrl ? 'mongodb' : 'embedded'}, data: ${config.dataDir}, worker side: ${apiOnly ? 'none here (--api-only: run apps/worker)' : 'a child process'}); console: http://${config.host}:${config.port}/console/`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof StoreIntegrityError ? error.message : error);
  process.exit(1);
});
