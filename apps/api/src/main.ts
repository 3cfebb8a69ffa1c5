import 'reflect-metadata';
import { assertStoresIntact, ConfigError, parseAppConfig } from '@ledger/infrastructure';
import { StoreIntegrityError } from '@ledger/application';
import { createApi } from './create-api';

/** `npm start`: api and worker in one process; `--api-only` when workers run apart. */
async function main(): Promise<void> {
  const config = parseAppConfig(process.env);
  await assertStoresIntact(config);
  const app = await createApi(config, { withWorker: !process.argv.includes('--api-only') });
  await app.listen({ port: config.port, host: config.host });
  console.log(`ledger listening on http://${config.host}:${config.port} (events: ${config.eventStoreUrl ? 'eventstoredb' : 'sqlite'}, read models: ${config.mongodbUrl ? 'mongodb' : 'embedded'}, data: ${config.dataDir})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof StoreIntegrityError ? error.message : error);
  process.exit(1);
});
