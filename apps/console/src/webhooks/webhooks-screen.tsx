import { FormEvent, useState } from 'react';
import { answer, Schemas } from '../api/client';
import { useSession } from '../session/session';
import { Pager, useCursorPages } from '../ui/cursor-pager';
import { formatInstant } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

/** R22: the partner's webhook endpoints (one request per page) and, for the one opened, its deliveries. */
export function WebhooksScreen() {
  const { client } = useSession();
  const pages = useCursorPages();
  const endpoints = useLoad(() => answer(client.GET('/v1/webhook-endpoints', { params: { query: { cursor: pages.cursor ?? undefined, limit: 20 } } })), [client, pages.cursor]);
  const [opened, setOpened] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function setEnabled(endpoint: Schemas['WebhookEndpointView'], enabled: boolean) {
    setError(null);
    try {
      await answer(client.PATCH('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId: endpoint.id } }, body: { enabled } }));
      endpoints.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <h1>Webhooks</h1>
      <CreateEndpoint onCreated={endpoints.reload} />
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        <ProblemMessage error={endpoints.error ?? error} />
        {endpoints.data?.items.length === 0 && <p>No endpoints yet.</p>}
        <ul className="cards">
          {endpoints.data?.items.map((endpoint) => (
            <li key={endpoint.id} className="card">
              <h3>{endpoint.url}</h3>
              <p className="muted">
                {endpoint.eventTypes.join(', ')} · created {formatInstant(endpoint.createdAt)}
                {endpoint.description ? ` · ${endpoint.description}` : ''}
              </p>
              <div className="row">
                <label className="switch">
                  <input type="checkbox" role="switch" checked={endpoint.enabled} onChange={(e) => setEnabled(endpoint, e.target.checked)} /> Enabled
                </label>
                <button type="button" aria-expanded={opened === endpoint.id} onClick={() => setOpened(opened === endpoint.id ? null : endpoint.id)}>
                  Deliveries
                </button>
              </div>
              {opened === endpoint.id && <Deliveries endpointId={endpoint.id} />}
            </li>
          ))}
        </ul>
        <Pager pages={pages} nextCursor={endpoints.data?.nextCursor} label="Endpoint" />
      </section>
    </>
  );
}

function CreateEndpoint({ onCreated }: { onCreated: () => void }) {
  const { client } = useSession();
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('*');
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<Schemas['CreatedWebhookEndpointView'] | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const eventTypes = types.split(',').map((t) => t.trim()).filter(Boolean);
      setCreated(await answer(client.POST('/v1/webhook-endpoints', { body: { url, eventTypes, ...(description ? { description } : {}) } })));
      onCreated();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby="new-endpoint">
      <h2 id="new-endpoint">New endpoint</h2>
      <form className="row" onSubmit={submit}>
        <label>
          URL
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/hooks" />
        </label>
        <label>
          Event types (comma-separated, * for all)
          <input required value={types} onChange={(e) => setTypes(e.target.value)} />
        </label>
        <label>
          Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
        </label>
        <button type="submit">Add endpoint</button>
      </form>
      {created && (
        <p role="status" className="success">
          Endpoint created. Its signing secret is shown only now: <code>{created.secret}</code>
        </p>
      )}
      <ProblemMessage error={error} />
    </section>
  );
}

type DeliveryStatus = Schemas['DeliveryView']['status'];

function Deliveries({ endpointId }: { endpointId: string }) {
  const { client } = useSession();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const pages = useCursorPages();
  const deliveries = useLoad(
    () => answer(client.GET('/v1/webhook-endpoints/{endpointId}/deliveries', { params: { path: { endpointId }, query: { status: status || undefined, cursor: pages.cursor ?? undefined, limit: 20 } } })),
    [client, endpointId, status, pages.cursor],
  );
  const [error, setError] = useState<unknown>(null);
  async function redeliver(eventId: string) {
    setError(null);
    try {
      await answer(client.POST('/v1/webhook-endpoints/{endpointId}/deliveries/{eventId}/redeliver', { params: { path: { endpointId, eventId } } }));
      deliveries.reload();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-label="Deliveries">
      <label>
        Delivery status
        <select
          value={status}
          onChange={(e) => {
            pages.reset();
            setStatus(e.target.value as DeliveryStatus | '');
          }}
        >
          <option value="">All</option>
          <option>pending</option>
          <option>succeeded</option>
          <option>failed</option>
        </select>
      </label>
      <ProblemMessage error={deliveries.error ?? error} />
      {deliveries.data?.items.length === 0 && <p>No deliveries.</p>}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last attempt</th>
              <th scope="col">Next attempt</th>
              <th scope="col">
                <span className="visually-hidden">Redeliver</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.items.map((d) => (
              <tr key={d.eventId}>
                <td>
                  {d.eventType} <code>{d.eventId}</code>
                </td>
                <td>{d.status}</td>
                <td>{d.attempts}</td>
                <td>
                  {formatInstant(d.lastAttemptAt)}
                  {d.lastStatusCode ? ` (HTTP ${d.lastStatusCode})` : ''}
                  {d.lastError ? ` ${d.lastError}` : ''}
                </td>
                <td>{formatInstant(d.nextAttemptAt)}</td>
                <td>
                  <button type="button" onClick={() => redeliver(d.eventId)}>
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={deliveries.data?.nextCursor} label="Delivery" />
    </section>
  );
}
