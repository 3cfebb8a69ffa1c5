import { useState } from 'react';
import { answer, Schemas } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { Pager, useCursorPages } from '../ui/cursor-pager';
import { formatDate } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { StatusBadge } from '../ui/status-badge';
import { useLoad } from '../ui/use-load';
import { OfferFilters, OfferFilterValues } from './offer-filters';

type Status = Schemas['Subscription']['status'];
const STATUSES: Status[] = ['active', 'suspended', 'cancelled', 'expired', 'deleted'];

/** A customer's subscriptions, newest first, filtered as R6 allows, one cursor page per request. */
export function SubscriptionsPanel({ customerId }: { customerId: string }) {
  const { client } = useSession();
  const [filters, setFilters] = useState<OfferFilterValues & { status?: Status }>({});
  const pages = useCursorPages();
  const list = useLoad(
    () => answer(client.GET('/v1/customers/{customerId}/subscriptions', { params: { path: { customerId }, query: { ...filters, cursor: pages.cursor ?? undefined, limit: 20 } } })),
    [client, customerId, filters, pages.cursor],
  );
  const filter = (next: typeof filters) => {
    pages.reset();
    setFilters(next);
  };
  return (
    <section aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading">Subscriptions</h2>
      <form className="row" aria-label="Subscription filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={filters.status ?? ''} onChange={(e) => filter({ ...filters, status: (e.target.value || undefined) as Status | undefined })}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <OfferFilters value={filters} onChange={(next) => filter({ ...filters, ...next })} />
      </form>
      <ProblemMessage error={list.error} />
      {list.data && list.data.items.length === 0 && <p>No subscriptions match.</p>}
      {list.data && list.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Offer</th>
              <th scope="col">Status</th>
              <th scope="col">Seats</th>
              <th scope="col">Term ends</th>
              <th scope="col">Auto-renew</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/subscriptions/${s.id}`}>{s.offerName}</Link>
                  {s.parentSubscriptionId && <span className="muted"> (add-on)</span>}
                </td>
                <td>
                  <StatusBadge subscription={s} />
                </td>
                <td>{s.quantity ?? 'usage'}</td>
                <td>{formatDate(s.termEndsAt)}</td>
                <td>{s.autoRenew ? 'on' : 'off'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={list.data?.nextCursor} label="Subscription" />
    </section>
  );
}
