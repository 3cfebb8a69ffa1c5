import 'reflect-metadata';
import { ConfigError, parseAppConfig } from '@ledger/infrastructure';
import { createApi } from './create-api';

/** `npm start`: api and worker in one process; `--api-only` when workers run apart. */
async function main(): Promise<void> {
  const config = parseAppConfig(process.env);
  const app = await createApi(config, { withWorker: !process.argv.includes('--api-only') });
  await app.listen({ port: config.port, host: config.host });
  console.log(`ledger listening on http://${config.host}:${config.port} (events: ${config.eventStoreUrl ? 'eventstoredb' : 'sqlite'}, read models: ${config.mongodbUrl ? 'mongodb' : 'embedded'}, data: ${config.dataDir})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
