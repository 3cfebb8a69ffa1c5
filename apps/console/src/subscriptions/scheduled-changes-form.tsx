import { FormEvent, useState } from 'react';
import { answer, Schemas } from '../api/client';
import { optionInWords } from '../customers/cart-panel';
import { useSession } from '../session/session';
import { formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

/** R29: a new quantity and/or purchase option for the next term (new commerce, auto-renew on), replaced or removed until the renewal. */
export function ScheduledChangesForm({ subscription: s, onChanged }: { subscription: Schemas['Subscription']; onChanged: () => void }) {
  const { client } = useSession();
  const offer = useLoad(() => answer(client.GET('/v1/offers/{offerId}', { params: { path: { offerId: s.offerId } } })), [client, s.offerId]);
  const [quantity, setQuantity] = useState(s.scheduledChanges?.quantity ?? s.quantity ?? 1);
  const [optionIndex, setOptionIndex] = useState(-1);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const options = offer.data?.purchaseOptions ?? [];
  const path = { subscriptionId: s.id };

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const schedule = (event: FormEvent) => {
    event.preventDefault();
    const option = options[optionIndex];
    const body = { ...(quantity !== s.quantity ? { quantity } : {}), ...(option ? { termDuration: option.termDuration, billingFrequency: option.billingFrequency } : {}) };
    return run(() => answer(client.PUT('/v1/subscriptions/{subscriptionId}/scheduled-changes', { params: { path }, body })));
  };
  const remove = () => run(() => answer(client.DELETE('/v1/subscriptions/{subscriptionId}/scheduled-changes', { params: { path } })));

  return (
    <section aria-labelledby="scheduled-changes-heading">
      <h3 id="scheduled-changes-heading">Changes at renewal</h3>
      <form className="row" onSubmit={schedule}>
        <label>
          Seats next term
          <input type="number" min={1} value={quantity} onChange={(e) => setQuantity(Number(e.target.value))} required />
        </label>
        <label>
          Term and billing next term
          <select value={optionIndex} onChange={(e) => setOptionIndex(Number(e.target.value))}>
            <option value={-1}>unchanged</option>
            {options.map((o, i) => (
              <option key={i} value={i}>
                {optionInWords(o)} ({formatMoney(o.unitPrice)} today; the price at renewal applies)
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Schedule changes
        </button>
        {s.scheduledChanges && (
          <button type="button" onClick={remove} disabled={busy}>
            Remove scheduled changes
          </button>
        )}
      </form>
      <ProblemMessage error={error ?? offer.error} />
    </section>
  );
}
