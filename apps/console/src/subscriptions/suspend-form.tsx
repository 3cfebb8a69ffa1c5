import { useState } from 'react';
import { Schemas } from '../api/client';

type Reason = Schemas['SuspendDto']['reason'];
const REASONS: Reason[] = ['customer-request', 'non-payment', 'fraud', 'other'];

/** R16: suspend, with its reason. */
export function SuspendForm({ busy, onSuspend }: { busy: boolean; onSuspend: (reason: Reason) => void }) {
  const [reason, setReason] = useState<Reason>('customer-request');
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
        <select value={reason} onChange={(e) => setReason(e.target.value as Reason)}>
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
