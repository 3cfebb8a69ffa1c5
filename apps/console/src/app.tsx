import { lazy, Suspense, useCallback, useState } from 'react';
import { Link, match, useLocation } from './router';
import { Session, SessionProvider, storedSession, storeSession, useSession } from './session/session';
import { SignIn } from './session/sign-in';
import { CustomersScreen } from './customers/customers-screen';
import { CustomerScreen } from './customers/customer-screen';
import { SubscriptionScreen } from './subscriptions/subscription-screen';
import { WebhooksScreen } from './webhooks/webhooks-screen';
import { EventFeedScreen } from './events/event-feed-screen';
import { InvoicesScreen } from './invoices/invoices-screen';
import { InvoiceScreen } from './invoices/invoice-screen';

// The charting library is most of the bundle: loaded when the dashboard is first opened.
const DashboardScreen = lazy(() => import('./dashboard/dashboard-screen').then((module) => ({ default: module.DashboardScreen })));

export function App() {
  const [session, setSession] = useState<Session | null>(storedSession);
  const signIn = (next: Session) => {
    storeSession(next);
    setSession(next);
  };
  const signOut = useCallback(() => {
    storeSession(null);
    setSession(null);
  }, []);
  if (!session) return <SignIn onSignedIn={signIn} />;
  return (
    <SessionProvider session={session} onSignOut={signOut}>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { me, can, signOut } = useSession();
  const { path } = useLocation();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <nav aria-label="Main">
          <Link to="/">Customers</Link>
          <Link to="/dashboard">Dashboard</Link>
          {can('invoices') && <Link to="/invoices">Invoices</Link>}
          {can('manage-webhooks') && <Link to="/webhooks">Webhooks</Link>}
          {can('read-event-feed') && <Link to="/events">Event feed</Link>}
        </nav>
        <p className="who">
          <span>
            {me.userId} @ <strong>{me.partnerId}</strong> ({me.roles.join(', ')})
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </p>
      </header>
      <main id="main">
        <Screen path={path} />
      </main>
    </>
  );
}

function Screen({ path }: { path: string }) {
  let params: Record<string, string> | null;
  if (path === '/' || path === '/customers') return <CustomersScreen />;
  if ((params = match('/customers/:customerId', path))) return <CustomerScreen key={params.customerId} customerId={params.customerId} />;
  if ((params = match('/subscriptions/:subscriptionId', path))) return <SubscriptionScreen key={params.subscriptionId} subscriptionId={params.subscriptionId} />;
  if (path === '/dashboard')
    return (
      <Suspense fallback={<p aria-busy="true">Loading…</p>}>
        <DashboardScreen />
      </Suspense>
    );
  if (path === '/invoices') return <InvoicesScreen />;
  if ((params = match('/invoices/:period', path))) return <InvoiceScreen key={params.period} period={params.period} />;
  if (path === '/webhooks') return <WebhooksScreen />;
  if (path === '/events') return <EventFeedScreen />;
  return (
    <p role="alert" className="problem">
      Not found: no screen at this address. <Link to="/">Back to customers</Link>
    </p>
  );
}
