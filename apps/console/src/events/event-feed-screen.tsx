import { FormEvent, useState } from 'react';
import { answer } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { Pager, useCursorPages } from '../ui/cursor-pager';
import { formatInstant } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

interface FeedFilters {
  types?: string;
  customerId?: string;
  userId?: string;
  from?: string;
  to?: string;
}

const FIELDS: [keyof FeedFilters, string, string][] = [
  ['types', 'Event types (comma-separated)', 'SubscriptionSuspended,SubscriptionCancelled'],
  ['customerId', 'Customer id', ''],
  ['userId', 'Acting user', 'system'],
  ['from', 'From (UTC instant)', '2026-01-01T00:00:00Z'],
  ['to', 'To (UTC instant)', '2026-12-31T23:59:59Z'],
];

/** R23: the partner's events in log order, filtered, a page per request (`after` = the previous page's nextCursor). */
export function EventFeedScreen() {
  const { client } = useSession();
  const [draft, setDraft] = useState<FeedFilters>({});
  const [filters, setFilters] = useState<FeedFilters>({});
  const pages = useCursorPages();
  const feed = useLoad(() => answer(client.GET('/v1/events', { params: { query: { ...filters, after: pages.cursor ?? undefined, limit: 50 } } })), [client, filters, pages.cursor]);

  function apply(event: FormEvent) {
    event.preventDefault();
    pages.reset();
    setFilters(Object.fromEntries(Object.entries(draft).filter(([, value]) => value)) as FeedFilters);
  }

  return (
    <>
      <h1>Event feed</h1>
      <form className="row" aria-label="Event filters" onSubmit={apply}>
        {FIELDS.map(([name, label, placeholder]) => (
          <label key={name}>
            {label}
            <input value={draft[name] ?? ''} placeholder={placeholder} onChange={(e) => setDraft({ ...draft, [name]: e.target.value.trim() })} />
          </label>
        ))}
        <button type="submit">Apply filters</button>
      </form>
      <ProblemMessage error={feed.error} />
      {feed.data?.items.length === 0 && <p>No events match.</p>}
      {feed.data && feed.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Position</th>
              <th scope="col">Type</th>
              <th scope="col">Business time</th>
              <th scope="col">Actor</th>
              <th scope="col">Correlation</th>
              <th scope="col">Subscription</th>
            </tr>
          </thead>
          <tbody>
            {feed.data.items.map((event) => (
              <tr key={event.id}>
                <td>
                  <code>{event.position}</code>
                </td>
                <td>{event.type}</td>
                <td>{formatInstant(event.effectiveAt)}</td>
                <td>{event.actor.userId}</td>
                <td>
                  <code>{event.correlationId}</code>
                </td>
                <td>{event.subscriptionId ? <Link to={`/subscriptions/${event.subscriptionId}`}>{event.subscriptionId}</Link> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={feed.data?.nextCursor} label="Event" />
    </>
  );
}
