import { parseArgs } from 'node:util';
import { exportEvents } from '@ledger/application';
import { withStores } from '../stores';

/** `export [--customer <id>] [--from <position>] > events.ndjson` */
export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { customer: { type: 'string' }, from: { type: 'string' } } });
  return withStores(async ({ eventStore }) => {
    const count = await exportEvents(
      eventStore,
      (line) => new Promise<void>((resolve) => (process.stdout.write(line) ? resolve() : process.stdout.once('drain', resolve))),
      { customerId: values.customer, from: values.from ?? null, onProgress: (n, position) => process.stderr.write(`\rexported ${n} events (at ${position})`) },
    );
    process.stderr.write(`\nexported ${count} events\n`);
    return 0;
  });
}
