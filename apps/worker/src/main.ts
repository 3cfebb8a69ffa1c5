import 'reflect-metadata';
import { StoreIntegrityError } from '@ledger/application';
import { assertStoresIntact, ConfigError, parseAppConfig } from '@ledger/infrastructure';
import { runWorkerSide } from '@ledger/runtime';

/** The worker side alone (scaled apart from `--api-only` api instances; several may run: the lease picks one). */
async function main(): Promise<void> {
  const config = parseAppConfig(process.env);
  await assertStoresIntact(config);
  await runWorkerSide(config);
  console.log(`ledger worker started (events: ${config.eventStoreUrl ? 'eventstoredb' : 'sqlite'}, read models: ${config.mongodbUrl ? 'mongodb' : 'embedded'}, data: ${config.dataDir})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof StoreIntegrityError ? error.message : error);
  process.exit(1);
});
