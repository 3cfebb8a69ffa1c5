import { useState } from 'react';
import { answer, ApiError, newIdempotencyKey, Schemas } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { StatusBadge } from '../ui/status-badge';
import { reasonInWords } from './reasons';

export type PurchaseOptionChoice = Pick<Schemas['PurchaseOption'], 'termDuration' | 'billingFrequency'>;

export interface CartLine {
  offer: Schemas['Offer'];
  quantity?: number;
  /** New-commerce offers (R25): the term and billing frequency bought. */
  option?: PurchaseOptionChoice;
}

/** "P1Y billed monthly" */
export const optionInWords = (o: PurchaseOptionChoice): string => `${TERM_WORDS[o.termDuration]} term, billed ${o.billingFrequency}`;
const TERM_WORDS: Record<PurchaseOptionChoice['termDuration'], string> = { P1M: '1-month', P1Y: '1-year', P3Y: '3-year' };

/** Cart -> review (R7: every line checked, nothing changed) -> purchase (all lines or none, with an Idempotency-Key: R10). */
export function CartPanel({ customerId, lines, setLines }: { customerId: string; lines: CartLine[]; setLines: (lines: CartLine[]) => void }) {
  const { client } = useSession();
  const [review, setReview] = useState<Schemas['OrderReview'] | null>(null);
  const [placed, setPlaced] = useState<Schemas['PlacedOrder'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // One key per reviewed cart: a retried purchase (a lost answer) repeats it and buys nothing twice.
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const body = { lines: lines.map((l) => ({ offerId: l.offer.id, ...(l.quantity === undefined ? {} : { quantity: l.quantity }), ...(l.option ?? {}) })) };

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const doReview = () => run(async () => setReview(await answer(client.POST('/v1/customers/{customerId}/orders/review', { params: { path: { customerId } }, body }))));
  const purchase = () =>
    run(async () => {
      const order = await refusedLinesShown(answer(client.POST('/v1/customers/{customerId}/orders', { params: { path: { customerId }, header: { 'Idempotency-Key': key } }, body })));
      setPlaced(order);
      setLines([]);
      setReview(null);
      setKey(newIdempotencyKey());
    });
  // 422 order-refused (R7: nothing bought): the refusal carries every line as a review shows it.
  async function refusedLinesShown<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      const lines = error instanceof ApiError ? error.problem.lines : undefined;
      if (lines && review) setReview({ ...review, valid: false, lines });
      throw error;
    }
  }
  const change = (next: CartLine[]) => {
    setLines(next);
    setReview(null);
    setKey(newIdempotencyKey());
  };

  return (
    <section aria-labelledby="cart-heading">
      <h2 id="cart-heading">Cart</h2>
      {placed && (
        <div role="status" className="success">
          <p>
            Order <code>{placed.orderId}</code> placed: {placed.subscriptions.length} subscription(s).
          </p>
          <ul aria-label="Purchased subscriptions">
            {placed.subscriptions.map((s) => (
              <li key={s.id}>
                <Link to={`/subscriptions/${s.id}`}>{s.offerName}</Link> <StatusBadge subscription={s} />
                {s.provisioningUrl && (
                  <>
                    {' '}
                    <a href={s.provisioningUrl} target="_blank" rel="noopener noreferrer">
                      Set up the account with the publisher
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {lines.length === 0 ? (
        <p>The cart is empty: add offers from the catalog.</p>
      ) : (
        <>
          <table>
            <caption>{review ? 'Review: each line checked, nothing bought yet' : 'Lines to buy'}</caption>
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col">Seats</th>
                <th scope="col">Term and billing</th>
                {review && <th scope="col">Valid</th>}
                {review && <th scope="col">Unit price</th>}
                {review && <th scope="col">First charge</th>}
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line, i) => {
                const reviewed = review?.lines[i];
                return (
                  <tr key={line.offer.id}>
                    <td>{line.offer.name}</td>
                    <td>{line.quantity ?? 'usage'}</td>
                    <td>{line.option ? optionInWords(line.option) : line.offer.billingFrequency}</td>
                    {reviewed && <td>{reviewed.valid ? 'valid' : reviewed.reasons.map(reasonInWords).join(' ')}</td>}
                    {reviewed && <td>{formatMoney(reviewed.unitPrice)}</td>}
                    {reviewed && <td>{formatMoney(reviewed.total)}</td>}
                    <td>
                      <button type="button" onClick={() => change(lines.filter((_, j) => j !== i))} aria-label={`Remove ${line.offer.name}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
            {review && (
              <tfoot>
                <tr>
                  <th scope="row" colSpan={5}>
                    Order total
                  </th>
                  <td>{formatMoney(review.total)}</td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
          <div className="row">
            <button type="button" onClick={doReview} disabled={busy}>
              Review order
            </button>
            <button type="button" onClick={purchase} disabled={busy || !review?.valid}>
              Purchase
            </button>
          </div>
          {review && !review.valid && <p role="alert">Some lines cannot be bought: remove or change them, then review again.</p>}
        </>
      )}
      <ProblemMessage error={error} />
    </section>
  );
}
