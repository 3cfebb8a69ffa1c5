import { readFile } from 'node:fs/promises';
import { CatalogInvalidError, importCatalog, systemActor } from '@ledger/application';
import { SystemClock, UuidIdGenerator } from '@ledger/infrastructure';
import { withStores } from '../stores';

export async function importCatalogCommand(args: string[]): Promise<number> {
  const [file] = args;
  if (!file) throw new Error('usage: npm run cli -- import-catalog <catalog.json>');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  return withStores(async ({ eventStore }) => {
    try {
      const result = await importCatalog({ eventStore, clock: new SystemClock(), ids: new UuidIdGenerator() }, json, {
        actor: systemActor('operator'),
        correlationId: `import-catalog-${Date.now()}`,
        causationId: null,
      });
      console.log(`published ${result.published.length} offer(s), ${result.unchanged} unchanged${result.published.length ? `: ${result.published.join(', ')}` : ''}`);
      return 0;
    } catch (error) {
      if (!(error instanceof CatalogInvalidError)) throw error;
      console.error(`${file} was not imported; fix these and retry:`);
      for (const e of error.errors) console.error(`  ${e.field}: ${e.message}`);
      return 1;
    }
  });
}
