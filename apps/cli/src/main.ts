/**
 * Operator tools: `npm run cli -- <command>` (R21). They use the same environment as the
 * service (DATA_DIR, EVENTSTORE_URL, MONGODB_URL) and need direct access to the stores,
 * which is what confines them to operators (R2: global-admin).
 */
import { ConfigError } from '@ledger/infrastructure';
import { exportCommand } from './commands/export.command';
import { importCatalogCommand } from './commands/import-catalog.command';
import { rebuildCommand, verifyCommand } from './commands/rebuild.command';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  'import-catalog': importCatalogCommand,
  export: exportCommand,
  rebuild: rebuildCommand,
  replay: rebuildCommand,
  verify: verifyCommand,
};

const USAGE = `usage: npm run cli -- <command>
  import-catalog <file.json>                       validate and publish a catalog file
  export [--customer <id>] [--from <position>]     the event log as NDJSON on stdout
  rebuild|replay [--projection <name>]             replay read models into fresh collections, then swap
  verify [--projection <name>]                     rebuild aside and report differences from the live ones`;

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(USAGE);
    process.exit(name ? 2 : 0);
  }
  process.exit(await command(args));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
