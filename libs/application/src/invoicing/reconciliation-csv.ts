import { InvoiceLine, INVOICE_LINE_COLUMNS } from './invoice-views';
import { InvoiceReader } from './invoice-reader';

const NEEDS_QUOTES = /[",\r\n]/;
/** Text a spreadsheet would run as a formula (CSV injection); amounts are never text columns. */
const FORMULA_START = /^[=+\-@\t\r]/;
const TEXT_COLUMNS = new Set<string>(['customerName', 'offerName']);

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cell(line: InvoiceLine, column: (typeof INVOICE_LINE_COLUMNS)[number]): string {
  const value = line[column];
  if (value === null) return '';
  if (typeof value === 'object') return value.amount;
  const text = String(value);
  return TEXT_COLUMNS.has(column) && FORMULA_START.test(text) ? `'${text}` : text;
}

export const CSV_HEADER = `${INVOICE_LINE_COLUMNS.join(',')}\r\n`;

export function csvRow(line: InvoiceLine): string {
  return `${INVOICE_LINE_COLUMNS.map((column) => csvField(cell(line, column))).join(',')}\r\n`;
}

/**
 * R33's reconciliation file: a header row, then one row per line in log order (the lines'
 * columns, amounts as decimal strings), produced a chunk of rows at a time so that a big
 * partner's file is streamed, never held in memory whole.
 */
export async function* reconciliationCsv(reader: InvoiceReader, partnerId: string, period: string): AsyncGenerator<string> {
  yield CSV_HEADER;
  for await (const chunk of reader.lineChunks(partnerId, period)) {
    if (chunk.length > 0) yield chunk.map(csvRow).join('');
  }
}
