/**
 * Operator tools: `npm run cli -- <command>` (R21). They use the same environment as the
 * service (DATA_DIR, EVENTSTORE_URL, MONGODB_URL) and need direct access to the stores,
 * which is what confines them to operators (R2: global-admin).
 *
 * Exit codes: 0 done (and `--help`), 1 failed (or differences found by `verify`),
 * 2 no command or an unknown one (usage on stderr).
 */
import { StoreIntegrityError } from '@ledger/application';
import { ConfigError } from '@ledger/infrastructure';
import { exportCommand } from './commands/export.command';
import { exportInvoicesCommand } from './commands/export-invoices.command';
import { importCatalogCommand } from './commands/import-catalog.command';
import { migrateLogCommand } from './commands/migrate-log.command';
import { rebuildCommand, verifyCommand } from './commands/rebuild.command';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  'import-catalog': importCatalogCommand,
  export: exportCommand,
  'export-invoices': exportInvoicesCommand,
  rebuild: rebuildCommand,
  replay: rebuildCommand,
  verify: verifyCommand,
  'migrate-log': migrateLogCommand,
};

const HELP = new Set(['help', '--help', '-h']);

const USAGE = `usage: npm run cli -- <command>
  import-catalog <file.json>                       validate and publish a catalog file
  export [--customer <id>] [--from <position>] [--out <file>]
                                                   the event log as NDJSON on stdout (or into <file>)
  export-invoices --period <YYYY-MM> --out <dir>  every partner's reconciliation CSV of that period (R33)
  rebuild|replay [--projection <name>]             replay read models into fresh collections, then swap
  verify [--projection <name>]                     rebuild aside and report differences from the live ones
  migrate-log --to <EVENTSTORE_URL>                copy the embedded log (DATA_DIR) into EventStoreDB, resumable, then verify it
  help|--help|-h                                   this text
exit codes: 0 done, 1 failed (verify: differences found), 2 no or unknown command`;

async function run([name, ...args]: string[]): Promise<number> {
  if (name !== undefined && HELP.has(name)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(`${name === undefined ? 'no command given' : `unknown command "${name}"`}\n${USAGE}\n`);
    return 2;
  }
  return command(args);
}

/** The one line a failure prints: a store refusal names the command instead of a start. */
function reason(error: unknown, command: string | undefined): string {
  if (error instanceof StoreIntegrityError) return error.message.replace(/^refusing to start: /, `refusing to run ${command}: `);
  return error instanceof ConfigError || error instanceof Error ? error.message : String(error);
}

// A closed stderr (`2>&-`, a reader gone) must not crash a command with an unhandled 'error'.
process.stderr.on('error', () => undefined);

// Never process.exit(): it would drop output still queued for a pipe (an export's last
// lines). Setting the exit code lets Node leave once stdout and stderr have drained.
const argv = process.argv.slice(2);
run(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${reason(error, argv[0])}\n`);
    process.exitCode = 1;
  },
);
