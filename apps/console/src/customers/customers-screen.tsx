import { FormEvent, useState } from 'react';
import { answer, Schemas } from '../api/client';
import { Link, navigate } from '../router';
import { useSession } from '../session/session';
import { Pager, useCursorPages } from '../ui/cursor-pager';
import { formatDate } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

const SEGMENTS: Schemas['CreateCustomerDto']['segment'][] = ['commercial', 'education', 'government', 'nonprofit'];

export function CustomersScreen() {
  const { client, can } = useSession();
  const pages = useCursorPages();
  const list = useLoad(() => answer(client.GET('/v1/customers', { params: { query: { cursor: pages.cursor ?? undefined, limit: 20 } } })), [client, pages.cursor]);
  return (
    <>
      <h1>Customers</h1>
      {can('create-customer') && <CreateCustomer />}
      <section aria-labelledby="customer-list">
        <h2 id="customer-list">Your customers</h2>
        <ProblemMessage error={list.error} />
        {list.data && list.data.items.length === 0 && <p>No customers yet.</p>}
        {list.data && list.data.items.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Country</th>
                <th scope="col">Segment</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/customers/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{c.billingCountry}</td>
                  <td>{c.segment}</td>
                  <td>{formatDate(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager pages={pages} nextCursor={list.data?.nextCursor} label="Customer" />
      </section>
    </>
  );
}

function CreateCustomer() {
  const { client } = useSession();
  const [form, setForm] = useState<Schemas['CreateCustomerDto']>({ name: '', billingCountry: 'TW', segment: 'commercial' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await answer(client.POST('/v1/customers', { body: { ...form, billingCountry: form.billingCountry.toUpperCase() } }));
      navigate(`/customers/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="create-customer">
      <h2 id="create-customer">New customer</h2>
      <form onSubmit={submit} className="row">
        <label>
          Name
          <input required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          Billing country (ISO code)
          <input required pattern="[A-Za-z]{2}" maxLength={2} value={form.billingCountry} onChange={(e) => setForm({ ...form, billingCountry: e.target.value })} />
        </label>
        <label>
          Segment
          <select value={form.segment} onChange={(e) => setForm({ ...form, segment: e.target.value as Schemas['CreateCustomerDto']['segment'] })}>
            {SEGMENTS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Create customer
        </button>
      </form>
      <ProblemMessage error={error} />
    </section>
  );
}
