/**
 * An invoice file (reconciliation CSV or PDF) fetched with the caller's token and handed to
 * the browser as a download: a plain link cannot carry the Authorization header.
 */
export async function downloadInvoiceFile(token: string, period: string, file: 'reconciliation.csv' | 'invoice.pdf'): Promise<void> {
  const response = await fetch(`/v1/invoices/${encodeURIComponent(period)}/${file}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `invoice-${period}-${file}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
