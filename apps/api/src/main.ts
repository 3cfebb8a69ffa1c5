import 'reflect-metadata';
import { assertStoresIntact, ConfigError, parseAppConfig } from '@ledger/infrastructure';
import { StoreIntegrityError } from '@ledger/application';
import { runWorkerSide, STORES_CHECKED_FLAG, WORKER_SIDE_FLAG } from '@ledger/runtime';
import { StartingServer } from './startup/starting-server';

/**
 * `npm start`: the api here and the worker side in a child process it starts (the same
 * entry point with WORKER_SIDE_FLAG); `--api-only` when workers run apart (apps/worker).
 */
async function main(): Promise<void> {
  const config = parseAppConfig(process.env);
  if (process.argv.includes(WORKER_SIDE_FLAG)) {
    await assertStoresIntact(config, { damagedPages: !process.argv.includes(STORES_CHECKED_FLAG) });
    await runWorkerSide(config);
    return;
  }
  const apiOnly = process.argv.includes('--api-only');
  // Answers /health from the first moment: the checks below read whole files (seconds per GB).
  const starting = await StartingServer.listen(config.port, config.host);
  try {
    starting.doing('checking the stores');
    await assertStoresIntact(config);
    starting.doing('building the app');
    // Loaded here, not at the top: the worker process started from this entry never loads the HTTP side.
    const { createApi } = await import('./create-api');
    const app = await createApi(config, { withWorker: false, workerProcess: !apiOnly });
    // Initialised before the hand-over (stores opened, worker process started): the port is closed for a moment only.
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    await starting.close();
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await starting.close();
    throw error;
  }
  console.log(`ledger listening on http://${config.host}:${config.port} (events: ${config.eventStoreUrl ? 'eventstoredb' : 'sqlite'}, read models: ${config.mongodbUrl ? 'mongodb' : 'embedded'}, data: ${config.dataDir}, worker side: ${apiOnly ? 'none here (--api-only: run apps/worker)' : 'a child process'}); console: http://${config.host}:${config.port}/console/`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof StoreIntegrityError ? error.message : error);
  process.exit(1);
});
