import { useState } from 'react';
import { answer, Schemas } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { formatMoney } from '../ui/format';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { CartLine, optionInWords } from './cart-panel';
import { OfferFilters, OfferFilterValues } from './offer-filters';
import { reasonInWords } from './reasons';

/** The catalog as it applies to this customer (R6): one request, each offer with whether the customer can buy it and why not (R8). */
export function CatalogPanel({ customerId, cart, onAdd }: { customerId: string; cart: CartLine[]; onAdd: (line: CartLine) => void }) {
  const { client, can } = useSession();
  const [filters, setFilters] = useState<OfferFilterValues>({});
  const offers = useLoad(() => answer(client.GET('/v1/offers', { params: { query: { ...filters, customerId } } })), [client, customerId, filters]);
  return (
    <section aria-labelledby="catalog-heading">
      <h2 id="catalog-heading">Catalog</h2>
      <form className="row" aria-label="Catalog filters" onSubmit={(e) => e.preventDefault()}>
        <OfferFilters value={filters} onChange={setFilters} />
      </form>
      <ProblemMessage error={offers.error} />
      {offers.data && (
        <p role="status" className="muted">
          {offers.data.items.length} offers
        </p>
      )}
      <ul className="cards" aria-label="Offers">
        {offers.data?.items.map((offer) => (
          <OfferCard key={offer.id} offer={offer} canOrder={can('order')} inCart={cart.some((l) => l.offer.id === offer.id)} onAdd={onAdd} />
        ))}
      </ul>
      {cart.length > 0 && <p className="muted">{cart.length} line(s) in the cart.</p>}
      {!can('order') && <p className="muted">Your roles do not allow ordering; the catalog is shown read-only.</p>}
      <p className="muted">
        <Link to={`/customers/${customerId}`}>Back to the customer</Link>
      </p>
    </section>
  );
}

function OfferCard({ offer, canOrder, inCart, onAdd }: { offer: Schemas['Offer']; canOrder: boolean; inCart: boolean; onAdd: (line: CartLine) => void }) {
  const license = offer.billingType === 'license';
  const [quantity, setQuantity] = useState(offer.minQuantity ?? 1);
  const options = offer.purchaseOptions;
  const [optionIndex, setOptionIndex] = useState(0);
  const eligibility = offer.eligibility;
  const headingId = `offer-${offer.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{offer.name}</h3>
      <p className="muted">
        {offer.publisher === 'partner' ? `ISV: ${offer.publisherName}` : 'Microsoft'} · {license ? 'license' : 'usage'} · {offer.category} ·{' '}
        {offer.program === 'new-commerce' ? 'new commerce' : offer.billingFrequency}
        {offer.trialDays ? ` · ${offer.trialDays}-day free trial` : ''}
      </p>
      {offer.program === 'new-commerce' ? (
        <ul aria-label={`Purchase options of ${offer.name}`}>
          {options.map((o) => (
            <li key={`${o.termDuration}-${o.billingFrequency}`}>
              {optionInWords(o)}: {formatMoney(o.unitPrice)} per seat per cycle
            </li>
          ))}
        </ul>
      ) : (
        <p>{license ? `${formatMoney(offer.unitPrice)} per seat` : 'billed by usage'}</p>
      )}
      {eligibility?.purchasable ? (
        <p className="ok">This customer can buy it.</p>
      ) : (
        <ul className="reasons" aria-label="Why this customer cannot buy it">
          {eligibility?.reasons.map((reason, i) => (
            <li key={i}>
              {reasonInWords(reason)}
              {reason.subscriptionId && (
                <>
                  {' '}
                  <Link to={`/subscriptions/${reason.subscriptionId}`}>Open the suspended subscription</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {canOrder && eligibility?.purchasable && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const option = options[optionIndex];
            onAdd({ offer, quantity: license ? quantity : undefined, option: option ? { termDuration: option.termDuration, billingFrequency: option.billingFrequency } : undefined });
          }}
        >
          {options.length > 0 && (
            <label>
              Term and billing
              <select value={optionIndex} onChange={(e) => setOptionIndex(Number(e.target.value))}>
                {options.map((o, i) => (
                  <option key={i} value={i}>
                    {optionInWords(o)} ({formatMoney(o.unitPrice)})
                  </option>
                ))}
              </select>
            </label>
          )}
          {license && (
            <label>
              Seats
              <input type="number" min={offer.minQuantity ?? 1} max={offer.maxQuantity ?? undefined} value={quantity} onChange={(e) => setQuantity(Number(e.target.value))} required />
            </label>
          )}
          <button type="submit" aria-label={`Add ${offer.name} to the cart`}>
            {inCart ? 'Update cart' : 'Add to cart'}
          </button>
        </form>
      )}
    </li>
  );
}
