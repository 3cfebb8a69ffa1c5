import { FormEvent, useRef, useState } from 'react';
import { answer, newIdempotencyKey, Schemas } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { formatInstant, formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';

type Subscription = Schemas['Subscription'];
const REASONS: Schemas['SuspendDto']['reason'][] = ['customer-request', 'non-payment', 'fraud', 'other'];

/** The actions R2 lets the caller's roles take, offered only in the states R14-R17 allow them. */
export function SubscriptionActions({ subscription: s, onChanged }: { subscription: Subscription; onChanged: () => void }) {
  const { client, can } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = { subscriptionId: s.id };
  const live = s.status === 'active' || s.status === 'suspended';

  async function run(action: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await action());
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const suspend = (reason: Schemas['SuspendDto']['reason']) => run(async () => (await answer(client.POST('/v1/subscriptions/{subscriptionId}/suspend', { params: { path }, body: { reason } })), 'Suspended.'));
  const reactivate = () => run(async () => (await answer(client.POST('/v1/subscriptions/{subscriptionId}/reactivate', { params: { path } })), 'Reactivated.'));
  const cancel = () =>
    run(async () => {
      const done = await answer(client.POST('/v1/subscriptions/{subscriptionId}/cancel', { params: { path } }));
      return done.outcome === 'cancelled'
        ? `Cancelled at once. Credit on the next invoice: ${done.credit ? formatMoney(done.credit) : 'none'}.`
        : `Cancellation scheduled for ${formatInstant(done.cancelAt)}, the term end (no credit).`;
    });
  const autoRenew = (enabled: boolean) => run(async () => (await answer(client.PUT('/v1/subscriptions/{subscriptionId}/auto-renew', { params: { path }, body: { enabled } })), `Auto-renew turned ${enabled ? 'on' : 'off'}.`));
  const seats = (quantity: number) =>
    run(async () => {
      const done = await answer(client.PUT('/v1/subscriptions/{subscriptionId}/quantity', { params: { path }, body: { quantity } }));
      return `Seats changed to ${quantity}.${done.charge ? ` Charged ${formatMoney(done.charge)}.` : ''}${done.credit ? ` Credited ${formatMoney(done.credit)}.` : ''}`;
    });

  const canSuspend = can('suspend-reactivate');
  const canCancel = can('cancel') && live && !s.cancelAt;
  const canToggle = can('toggle-auto-renew') && live && !s.cancelAt;
  const canSeats = can('order') && s.status === 'active' && !s.inTrial && s.billingType === 'license';
  const canAddOns = can('order') && s.status === 'active' && !s.parentSubscriptionId;

  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      {outcome && (
        <p role="status" className="success" data-testid="action-outcome">
          {outcome}
        </p>
      )}
      <ProblemMessage error={error} />
      <div className="actions">
        {canSuspend && s.status === 'active' && <SuspendForm busy={busy} onSuspend={suspend} />}
        {canSuspend && s.status === 'suspended' && (
          <button type="button" onClick={reactivate} disabled={busy}>
            Reactivate
          </button>
        )}
        {canToggle && (
          <label className="switch">
            <input type="checkbox" role="switch" checked={s.autoRenew} disabled={busy} onChange={(e) => autoRenew(e.target.checked)} /> Auto-renew
          </label>
        )}
        {canSeats && <SeatsForm subscription={s} busy={busy} onChange={seats} />}
        {canCancel && <CancelButton subscription={s} busy={busy} onConfirm={cancel} />}
      </div>
      {canAddOns && <AddOns subscription={s} onBought={onChanged} />}
      {!live && <p className="muted">This subscription is {s.status}: nothing more can be done with it.</p>}
    </section>
  );
}

function SuspendForm({ busy, onSuspend }: { busy: boolean; onSuspend: (reason: Schemas['SuspendDto']['reason']) => void }) {
  const [reason, setReason] = useState<Schemas['SuspendDto']['reason']>('customer-request');
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        onSuspend(reason);
      }}
    >
      <label>
        Suspension reason
        <select value={reason} onChange={(e) => setReason(e.target.value as Schemas['SuspendDto']['reason'])}>
          {REASONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        Suspend
      </button>
    </form>
  );
}

function SeatsForm({ subscription, busy, onChange }: { subscription: Subscription; busy: boolean; onChange: (quantity: number) => void }) {
  const [quantity, setQuantity] = useState(subscription.quantity ?? 1);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(quantity);
      }}
    >
      <label>
        Seats
        <input type="number" min={1} value={quantity} onChange={(e) => setQuantity(Number(e.target.value))} required />
      </label>
      <button type="submit" disabled={busy || quantity === subscription.quantity}>
        Change seats
      </button>
    </form>
  );
}

/** R17: the confirmation says what will happen: cancelled at once with the order's credit inside the window, or scheduled at the term end after it. */
function CancelButton({ subscription: s, busy, onConfirm }: { subscription: Subscription; busy: boolean; onConfirm: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const inWindow = s.cancellationWindowEndsAt !== null && new Date(s.cancellationWindowEndsAt).getTime() > Date.now();
  const usage = s.billingType === 'usage';
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} disabled={busy}>
        Cancel subscription
      </button>
      <dialog ref={dialog} aria-labelledby="cancel-title" aria-describedby="cancel-what">
        <h2 id="cancel-title">Cancel {s.offerName}?</h2>
        <p id="cancel-what">
          {usage
            ? 'It is deprovisioned at once; usage-based subscriptions get no credit.'
            : s.inTrial
              ? 'The trial ends at once; nothing was charged, so nothing is credited.'
              : inWindow
                ? `You are inside the cancellation window (until ${formatInstant(s.cancellationWindowEndsAt)}): it is cancelled at once and the latest order's price is credited on the next invoice.`
                : `The cancellation window has passed: it will be cancelled at the end of its term, ${formatInstant(s.termEndsAt)}, with no credit, and auto-renew is turned off.`}
        </p>
        <form method="dialog" className="row">
          <button type="submit" value="keep" autoFocus>
            Keep it
          </button>
          <button type="button" onClick={() => (dialog.current?.close(), onConfirm())}>
            Confirm cancellation
          </button>
        </form>
      </dialog>
    </>
  );
}

/** R15: add-ons the base offer lists, bought on an active subscription (one request for the base offer's list). */
function AddOns({ subscription, onBought }: { subscription: Subscription; onBought: () => void }) {
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
