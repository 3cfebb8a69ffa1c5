import { useState } from 'react';
import { Schemas } from '../api/client';

/** R15: a new seat count (an increase is charged pro rata; a decrease only inside the window). */
export function SeatsForm({ subscription, busy, onChange }: { subscription: Schemas['Subscription']; busy: boolean; onChange: (quantity: number) => void }) {
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
