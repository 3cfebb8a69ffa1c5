import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { InvoiceReader, reconciliationCsv } from '@ledger/application';
import { PERIOD_PATTERN } from '@ledger/domain';
import { withStores } from '../stores';

/** A partner id as a file name: anything but letters, digits, dot, dash and underscore becomes "_". */
const fileName = (partnerId: string, period: string) => `${partnerId.replace(/[^A-Za-z0-9._-]/g, '_')}-${period}.csv`;

/**
 * `export-invoices --period YYYY-MM --out <dir>`: the reconciliation file (R33) of every
 * partner with an invoice for the period, one CSV per partner, each streamed into a file
 * aside and renamed into place when complete. Progress on stderr.
 */
export async function exportInvoicesCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { period: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.period || !PERIOD_PATTERN.test(values.period)) throw new Error('--period YYYY-MM is required');
  if (!values.out) throw new Error('--out <dir> is required');
  const period = values.period;
  const dir = resolve(values.out);
  await mkdir(dir, { recursive: true });
  return withStores(async ({ readStore }) => {
    const reader = new InvoiceReader(readStore);
    let partners = 0;
    let lines = 0;
    for await (const invoice of reader.partnersWithInvoice(period)) {
      const target = join(dir, fileName(invoice.partnerId, period));
      const aside = `${target}.part`;
      try {
        await pipeline(Readable.from(reconciliationCsv(reader, invoice.partnerId, period)), createWriteStream(aside, { flush: true }));
        await rename(aside, target);
      } catch (error) {
        await rm(aside, { force: true });
        throw error;
      }
      partners++;
      lines += invoice.lineCount;
      process.stderr.write(`${invoice.partnerId}: ${invoice.number ?? 'open'}, ${invoice.lineCount} lines -> ${target}\n`);
    }
    process.stderr.write(`exported ${period}: ${partners} partner(s), ${lines} lines into ${dir}\n`);
    return 0;
  }, { existingLog: true });
}
