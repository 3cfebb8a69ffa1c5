import PDFDocument from 'pdfkit';
import { Readable } from 'node:stream';
import { InvoiceCustomerTotals, InvoiceSummary } from '@ledger/application';

const MARGIN = 50;
const COLUMNS = [
  { title: 'Customer', x: MARGIN, width: 215, align: 'left' as const },
  { title: 'Charges', x: 270, width: 85, align: 'right' as const },
  { title: 'Credits', x: 360, width: 85, align: 'right' as const },
  { title: 'Net', x: 450, width: 95, align: 'right' as const },
];

/**
 * R33's printable invoice: the partner, number, period, billing date, one row per
 * customer (name and id, charges, credits, net) and the partner's totals. Written into
 * the PDF stream as the customers are read, a chunk at a time.
 */
export function invoicePdf(partnerId: string, invoice: InvoiceSummary, customers: AsyncIterable<InvoiceCustomerTotals[]>): Readable {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Invoice ${invoice.number ?? `${invoice.period} (open)`}`, Author: 'Subscription ledger' } });
  void write(doc, partnerId, invoice, customers).catch((error: Error) => doc.destroy(error));
  return doc;
}

async function write(doc: PDFKit.PDFDocument, partnerId: string, invoice: InvoiceSummary, customers: AsyncIterable<InvoiceCustomerTotals[]>): Promise<void> {
  doc.font('Helvetica-Bold').fontSize(18).text(invoice.number ? `Invoice ${invoice.number}` : 'Invoice (open: no number yet)');
  doc.moveDown(0.5).font('Helvetica').fontSize(10);
  doc.text(`Partner: ${partnerId}`);
  doc.text(`Period: ${invoice.period}`);
  doc.text(`Billing date: ${invoice.billingDate.slice(0, 10)}`);
  doc.text(`Status: ${invoice.status}${invoice.closedAt ? ` (closed ${invoice.closedAt})` : ''}`);
  doc.text(`Currency: ${invoice.currency}`);
  doc.text(`Lines: ${invoice.lineCount}`);
  doc.moveDown();
  row(doc, ['Customer', 'Charges', 'Credits', 'Net'], true);
  for await (const chunk of customers) {
    for (const c of chunk) row(doc, [`${c.customerName ?? ''} (${c.customerId})`, c.charges.amount, c.credits.amount, c.net.amount], false);
  }
  doc.moveDown();
  row(doc, ['Partner totals', invoice.charges.amount, invoice.credits.amount, invoice.net.amount], true);
  doc.end();
}

function row(doc: PDFKit.PDFDocument, cells: string[], bold: boolean): void {
  if (doc.y > doc.page.height - MARGIN - 30) doc.addPage();
  const y = doc.y;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  let height = 0;
  COLUMNS.forEach((column, i) => {
    doc.text(cells[i], column.x, y, { width: column.width, align: column.align });
    height = Math.max(height, doc.y - y);
  });
  doc.x = MARGIN;
  doc.y = y + height + 3;
}
