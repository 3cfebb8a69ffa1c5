import { answer } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { Pager, useCursorPages } from '../ui/cursor-pager';
import { formatInstant, formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

/** The partner's monthly invoices (R32, R33), newest first: one request per page. */
export function InvoicesScreen() {
  const { client } = useSession();
  const pages = useCursorPages();
  const invoices = useLoad(() => answer(client.GET('/v1/invoices', { params: { query: { cursor: pages.cursor ?? undefined, limit: 24 } } })), [client, pages.cursor]);
  return (
    <section aria-labelledby="invoices-heading">
      <h1 id="invoices-heading">Invoices</h1>
      <ProblemMessage error={invoices.error} />
      {invoices.data && invoices.data.items.length === 0 && <p>No invoice yet: one appears with the first charge or credit.</p>}
      {invoices.data && invoices.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Number</th>
              <th scope="col">Status</th>
              <th scope="col">Billing date</th>
              <th scope="col">Charges</th>
              <th scope="col">Credits</th>
              <th scope="col">Net</th>
              <th scope="col">Lines</th>
            </tr>
          </thead>
          <tbody>
            {invoices.data.items.map((invoice) => (
              <tr key={invoice.period}>
                <td>
                  <Link to={`/invoices/${invoice.period}`}>{invoice.period}</Link>
                </td>
                <td>{invoice.number ?? '— (open)'}</td>
                <td>{invoice.status}</td>
                <td>{formatInstant(invoice.billingDate)}</td>
                <td>{formatMoney(invoice.charges)}</td>
                <td>{formatMoney(invoice.credits)}</td>
                <td>{formatMoney(invoice.net)}</td>
                <td>{invoice.lineCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={invoices.data?.nextCursor} label="Invoices" />
    </section>
  );
}
