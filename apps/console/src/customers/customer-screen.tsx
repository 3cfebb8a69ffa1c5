import { useState } from 'react';
import { answer } from '../api/client';
import { useSession } from '../session/session';
import { ProblemMessage } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { CartLine, CartPanel } from './cart-panel';
import { CatalogPanel } from './catalog-panel';
import { LedgerPanel } from './ledger-panel';
import { SubscriptionsPanel } from './subscriptions-panel';

type Tab = 'subscriptions' | 'catalog' | 'cart' | 'ledger';

/** A customer: its subscriptions, the catalog as it applies to it, the cart, its ledger. */
export function CustomerScreen({ customerId }: { customerId: string }) {
  const { client, can } = useSession();
  const customer = useLoad(() => answer(client.GET('/v1/customers/{customerId}', { params: { path: { customerId } } })), [client, customerId]);
  const [tab, setTab] = useState<Tab>('subscriptions');
  const [cart, setCart] = useState<CartLine[]>([]);

  if (customer.error) return <ProblemMessage error={customer.error} />;
  if (!customer.data) return <p aria-busy="true">Loading…</p>;

  const tabs: [Tab, string][] = [
    ['subscriptions', 'Subscriptions'],
    ['catalog', 'Catalog'],
    ...(can('order') ? [['cart', `Cart (${cart.length})`] as [Tab, string]] : []),
    ...(can('billing') ? [['ledger', 'Ledger'] as [Tab, string]] : []),
  ];
  // The ARIA tabs pattern: arrow keys move between tabs, Tab moves into the panel.
  const moveTab = (key: string) => {
    const step = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(tabs.findIndex(([id]) => id === tab) + step + tabs.length) % tabs.length][0];
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  const addToCart = (line: CartLine) => setCart((lines) => [...lines.filter((l) => l.offer.id !== line.offer.id), line]);

  return (
    <>
      <h1>{customer.data.name}</h1>
      <p className="muted">
        {customer.data.billingCountry} · {customer.data.segment} · <code>{customer.data.id}</code>
      </p>
      <div role="tablist" aria-label="Customer" className="tabs" onKeyDown={(event) => moveTab(event.key)}>
        {tabs.map(([id, label]) => (
          <button key={id} role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} tabIndex={tab === id ? 0 : -1} onClick={() => setTab(id)} type="button">
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'subscriptions' && <SubscriptionsPanel customerId={customerId} />}
        {tab === 'catalog' && <CatalogPanel customerId={customerId} onAdd={addToCart} cart={cart} />}
        {tab === 'cart' && <CartPanel customerId={customerId} lines={cart} setLines={setCart} />}
        {tab === 'ledger' && <LedgerPanel customerId={customerId} />}
      </div>
    </>
  );
}
