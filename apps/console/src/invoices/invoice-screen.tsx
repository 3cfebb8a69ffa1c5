import { useState } from 'react';
import { answer } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { Pager, useCursorPages } from '../ui/cursor-pager';
import { formatDate, formatInstant, formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { downloadInvoiceFile } from './invoice-file';

/** One invoice (R32, R33): its totals per customer and for the partner, its lines page by page (optionally one customer's), its CSV and PDF. */
export function InvoiceScreen({ period }: { period: string }) {
  const { client, token } = useSession();
  const [customerId, setCustomerId] = useState('');
  const [fileError, setFileError] = useState<unknown>(null);
  const pages = useCursorPages();
  const invoice = useLoad(() => answer(client.GET('/v1/invoices/{period}', { params: { path: { period } } })), [client, period]);
  const lines = useLoad(
    () => answer(client.GET('/v1/invoices/{period}/lines', { params: { path: { period }, query: { customerId: customerId || undefined, cursor: pages.cursor ?? undefined, limit: 50 } } })),
    [client, period, customerId, pages.cursor],
  );
  const download = (file: 'reconciliation.csv' | 'invoice.pdf') => downloadInvoiceFile(token, period, file).catch(setFileError);
  if (invoice.error) return <ProblemMessage error={invoice.error} />;
  if (!invoice.data) return <p aria-busy="true">Loading…</p>;
  const inv = invoice.data;
  return (
    <>
      <p>
        <Link to="/invoices">← Invoices</Link>
      </p>
      <h1>
        Invoice {inv.period} {inv.number ? `(${inv.number})` : ''} <span className="badge">{inv.status}</span>
      </h1>
      <dl className="facts" aria-label="Invoice totals">
        <div>
          <dt>Billing date</dt>
          <dd>{formatInstant(inv.billingDate)}</dd>
        </div>
        <div>
          <dt>Closed</dt>
          <dd>{inv.closedAt ? formatInstant(inv.closedAt) : 'open: lines may still be added'}</dd>
        </div>
        <div>
          <dt>Charges</dt>
          <dd>{formatMoney(inv.charges)}</dd>
        </div>
        <div>
          <dt>Credits</dt>
          <dd>{formatMoney(inv.credits)}</dd>
        </div>
        <div>
          <dt>Net</dt>
          <dd data-testid="invoice-net">{formatMoney(inv.net)}</dd>
        </div>
        <div>
          <dt>Lines</dt>
          <dd>{inv.lineCount}</dd>
        </div>
      </dl>
      <div className="row">
        <button type="button" onClick={() => download('reconciliation.csv')}>
          Download reconciliation file (CSV)
        </button>
        <button type="button" onClick={() => download('invoice.pdf')}>
          Download invoice (PDF)
        </button>
      </div>
      <ProblemMessage error={fileError} />
      <section aria-labelledby="invoice-customers-heading">
        <h2 id="invoice-customers-heading">Customers</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Charges</th>
              <th scope="col">Credits</th>
              <th scope="col">Net</th>
            </tr>
          </thead>
          <tbody>
            {inv.customers.map((c) => (
              <tr key={c.customerId}>
                <td>
                  <Link to={`/customers/${c.customerId}`}>{c.customerName ?? c.customerId}</Link>
                </td>
                <td>{formatMoney(c.charges)}</td>
                <td>{formatMoney(c.credits)}</td>
                <td>{formatMoney(c.net)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="invoice-lines-heading">
        <h2 id="invoice-lines-heading">Lines</h2>
        <label>
          Customer
          <select
            value={customerId}
            onChange={(e) => {
              setCustomerId(e.target.value);
              pages.reset();
            }}
          >
            <option value="">all customers</option>
            {inv.customers.map((c) => (
              <option key={c.customerId} value={c.customerId}>
                {c.customerName ?? c.customerId}
              </option>
            ))}
          </select>
        </label>
        <ProblemMessage error={lines.error} />
        {lines.data && (
          <table>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Offer</th>
                <th scope="col">Charge type</th>
                <th scope="col">Service period</th>
                <th scope="col">Seats</th>
                <th scope="col">Unit price</th>
                <th scope="col">Amount</th>
              </tr>
            </thead>
            <tbody>
              {lines.data.items.map((line) => (
                <tr key={line.lineId}>
                  <td>{line.customerName ?? line.customerId}</td>
                  <td>
                    <Link to={`/subscriptions/${line.subscriptionId}`}>{line.offerName ?? line.offerId ?? line.subscriptionId}</Link>
                  </td>
                  <td>{line.chargeType}</td>
                  <td>
                    {formatDate(line.servicePeriodStart)} → {formatDate(line.servicePeriodEnd)}
                  </td>
                  <td>{line.quantity ?? '—'}</td>
                  <td>{formatMoney(line.unitPrice)}</td>
                  <td>{formatMoney(line.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager pages={pages} nextCursor={lines.data?.nextCursor} label="Invoice lines" />
      </section>
    </>
  );
}
