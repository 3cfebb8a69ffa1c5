import { answer, Schemas } from '../api/client';
import { Link } from '../router';
import { useSession } from '../session/session';
import { ProblemMessage } from '../ui/problem';
import { StatusBadge } from '../ui/status-badge';
import { useLoad } from '../ui/use-load';
import { SubscriptionActions } from './subscription-actions';
import { HistoryPanel } from './history-panel';
import { SubscriptionFacts } from './subscription-facts';

/** One subscription: its dates (R12-R17), what the caller's roles may do with it, its history and its state at any past instant (R21). */
export function SubscriptionScreen({ subscriptionId }: { subscriptionId: string }) {
  const { client } = useSession();
  const subscription = useLoad(() => answer(client.GET('/v1/subscriptions/{subscriptionId}', { params: { path: { subscriptionId } } })), [client, subscriptionId]);
  if (subscription.error) return <ProblemMessage error={subscription.error} />;
  if (!subscription.data) return <p aria-busy="true">Loading…</p>;
  const s = subscription.data;
  return (
    <>
      <p>
        <Link to={`/customers/${s.customerId}`}>← Customer</Link>
      </p>
      <h1>
        {s.offerName} <StatusBadge subscription={s} />
      </h1>
      <SubscriptionFacts subscription={s} />
      <SubscriptionActions subscription={s} onChanged={subscription.reload} />
      <HistoryPanel subscriptionId={s.id} />
    </>
  );
}
