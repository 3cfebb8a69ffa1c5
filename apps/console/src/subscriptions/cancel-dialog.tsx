import { useRef } from 'react';
import { Schemas } from '../api/client';
import { formatInstant } from '../ui/format';

/** R17: the confirmation says what will happen: cancelled at once with the order's credit inside the window, or scheduled at the term end after it. */
export function CancelButton({ subscription: s, busy, onConfirm }: { subscription: Schemas['Subscription']; busy: boolean; onConfirm: () => void }) {
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
