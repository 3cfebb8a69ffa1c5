import { useState } from 'react';
import { answer, Schemas } from '../api/client';
import { useSession } from '../session/session';
import { formatInstant, formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { AddOns } from './add-ons';
import { CancelButton } from './cancel-dialog';
import { ScheduledChangesForm } from './scheduled-changes-form';
import { SeatsForm } from './seats-form';
import { SuspendForm } from './suspend-form';

type Subscription = Schemas['Subscription'];

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
  // A new-commerce base takes no add-ons (answered add-on-not-allowed).
  const canAddOns = can('order') && s.status === 'active' && !s.parentSubscriptionId && s.program === 'legacy';
  const canSchedule = can('schedule-changes') && s.program === 'new-commerce' && s.status === 'active' && s.autoRenew;

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
      {canSchedule && <ScheduledChangesForm key={JSON.stringify(s.scheduledChanges)} subscription={s} onChanged={onChanged} />}
      {!live && <p className="muted">This subscription is {s.status}: nothing more can be done with it.</p>}
    </section>
  );
}
