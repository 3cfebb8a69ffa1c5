import { FormEvent, useState } from 'react';
import { answer, Schemas } from '../api/client';
import { useSession } from '../session/session';
import { formatInstant } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { SubscriptionFacts } from './subscription-facts';

/** R21/R3: the subscription's events in order, with actor, correlation and business time; and its state folded as of any past instant. */
export function HistoryPanel({ subscriptionId }: { subscriptionId: string }) {
  const { client } = useSession();
  const [open, setOpen] = useState(false);
  const history = useLoad(
    () => (open ? answer(client.GET('/v1/subscriptions/{subscriptionId}/history', { params: { path: { subscriptionId } } })) : Promise.resolve(null)),
    [client, subscriptionId, open],
  );
  const [asOf, setAsOf] = useState('');
  const [shown, setShown] = useState<{ at: string; state: Schemas['Subscription'] } | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function showAsOf(at: string) {
    setError(null);
    setAsOf(at);
    try {
      const instant = new Date(at.endsWith('Z') || /[+-]\d\d:\d\d$/.test(at) ? at : `${at}Z`);
      if (Number.isNaN(instant.getTime())) throw new Error(`"${at}" is not an instant: write it as 2026-01-31T09:00:00Z`);
      const state = await answer(client.GET('/v1/subscriptions/{subscriptionId}', { params: { path: { subscriptionId }, query: { asOf: instant.toISOString() } } }));
      setShown({ at: instant.toISOString(), state });
    } catch (e) {
      setShown(null);
      setError(e);
    }
  }

  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          Show history
        </button>
      ) : (
        <>
          <ProblemMessage error={history.error} />
          <ol className="timeline" aria-label="Events, oldest first">
            {history.data?.items.map((event) => (
              <HistoryItem key={event.position} event={event} onAsOf={showAsOf} />
            ))}
          </ol>
          <form
            className="row"
            aria-label="State as of an instant"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void showAsOf(asOf);
            }}
          >
            <label>
              As of (UTC instant)
              <input value={asOf} onChange={(e) => setAsOf(e.target.value)} placeholder="2026-01-31T09:00:00Z" size={28} required />
            </label>
            <button type="submit">Show state as of</button>
          </form>
          <ProblemMessage error={error} />
          {shown && (
            <section aria-labelledby="as-of-heading" className="as-of">
              <h3 id="as-of-heading">State as of {formatInstant(shown.at)}</h3>
              <SubscriptionFacts subscription={shown.state} label={`Details as of ${shown.at}`} />
            </section>
          )}
        </>
      )}
    </section>
  );
}

function HistoryItem({ event, onAsOf }: { event: Schemas['HistoryItem']; onAsOf: (at: string) => void }) {
  const late = event.effectiveAt !== event.occurredAt;
  return (
    <li>
      <p>
        <strong>{event.type}</strong> at <time dateTime={event.effectiveAt}>{formatInstant(event.effectiveAt)}</time>
        {late && <span className="muted"> (written {formatInstant(event.occurredAt)})</span>}
      </p>
      <p className="muted">
        by {event.actor.userId} ({event.actor.roles.join(', ') || 'system'}) · correlation <code>{event.correlationId}</code>
        {event.causationId && (
          <>
            {' '}
            · caused by <code>{event.causationId}</code>
          </>
        )}{' '}
        · revision {event.revision}
      </p>
      {Object.keys(event.data).length > 0 && (
        <details>
          <summary>Data</summary>
          <pre>{JSON.stringify(event.data, null, 2)}</pre>
        </details>
      )}
      <button type="button" onClick={() => onAsOf(event.effectiveAt)}>
        State as of this event
      </button>
    </li>
  );
}
