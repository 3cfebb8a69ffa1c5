import { answer } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { Pager, useCursorPages } from '../ui/cursor-pager';
import { formatInstant, formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

/** The customer's billing ledger (R20), oldest first, a cursor page per request. */
export function LedgerPanel({ customerId }: { customerId: string }) {
  const { client } = useSession();
  const pages = useCursorPages();
  const ledger = useLoad(() => answer(client.GET('/v1/customers/{customerId}/ledger', { params: { path: { customerId }, query: { cursor: pages.cursor ?? undefined, limit: 50 } } })), [client, customerId, pages.cursor]);
  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">Billing ledger</h2>
      <ProblemMessage error={ledger.error} />
      {ledger.data && ledger.data.items.length === 0 && <p>No charges or credits yet.</p>}
      {ledger.data && ledger.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Amount</th>
              <th scope="col">Invoice period</th>
              <th scope="col">Reason</th>
              <th scope="col">Subscription</th>
            </tr>
          </thead>
          <tbody>
            {ledger.data.items.map((entry, i) => (
              <tr key={i}>
                <td>{formatInstant(entry.occurredAt)}</td>
                <td>{entry.kind}</td>
                <td>{formatMoney(entry.amount)}</td>
                <td>{entry.invoicePeriod}</td>
                <td>{entry.reason}</td>
                <td>
                  <Link to={`/subscriptions/${entry.subscriptionId}`}>{entry.subscriptionId}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={ledger.data?.nextCursor} label="Ledger" />
      <p className="muted">
        Each entry lands on the partner's invoice of its period: <Link to="/invoices">Invoices</Link>.
      </p>
    </section>
  );
}
