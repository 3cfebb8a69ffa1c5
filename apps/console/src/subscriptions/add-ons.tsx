import { FormEvent, useState } from 'react';
import { answer, newIdempotencyKey, Schemas } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

/** R15: add-ons the base offer lists, bought on an active subscription (one request for the base offer's list). */
export function AddOns({ subscription, onBought }: { subscription: Schemas['Subscription']; onBought: () => void }) {
  const { client } = useSession();
  const offers = useLoad(() => answer(client.GET('/v1/offers', { params: { query: { customerId: subscription.customerId } } })), [client, subscription.customerId]);
  const base = offers.data?.items.find((o) => o.id === subscription.offerId);
  const addOns = offers.data?.items.filter((o) => base?.addOnOfferIds.includes(o.id)) ?? [];
  const [offerId, setOfferId] = useState('');
  const [quantity, setQuantity] = useState(1);
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<unknown>(null);
  const [bought, setBought] = useState<Schemas['PlacedOrder'] | null>(null);
  if (addOns.length === 0) return null;
  const chosen = offerId || addOns[0].id;

  async function buy(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const order = await answer(
        client.POST('/v1/subscriptions/{subscriptionId}/add-ons', { params: { path: { subscriptionId: subscription.id }, header: { 'Idempotency-Key': key } }, body: { offerId: chosen, quantity } }),
      );
      setBought(order);
      setKey(newIdempotencyKey());
      onBought();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby="add-ons-heading">
      <h3 id="add-ons-heading">Add-ons</h3>
      <form className="row" onSubmit={buy}>
        <label>
          Add-on
          <select value={chosen} onChange={(e) => setOfferId(e.target.value)}>
            {addOns.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({formatMoney(o.unitPrice)} per seat)
              </option>
            ))}
          </select>
        </label>
        <label>
          Seats
          <input type="number" min={1} value={quantity} onChange={(e) => setQuantity(Number(e.target.value))} required />
        </label>
        <button type="submit">Buy add-on</button>
      </form>
      {bought && (
        <p role="status">
          Bought: {bought.subscriptions.map((s) => (
            <Link key={s.id} to={`/subscriptions/${s.id}`}>
              {s.offerName}
            </Link>
          ))}
        </p>
      )}
      <ProblemMessage error={error} />
    </section>
  );
}
