import type { Schemas } from '../api/client';

export function StatusBadge({ subscription }: { subscription: Pick<Schemas['Subscription'], 'status' | 'inTrial' | 'cancelAt'> }) {
  return (
    <span className="badges">
      <span className={`badge badge-${subscription.status}`}>{subscription.status}</span>
      {subscription.inTrial && <span className="badge badge-trial">trial</span>}
      {subscription.cancelAt && <span className="badge badge-scheduled">cancels {subscription.cancelAt.slice(0, 10)}</span>}
    </span>
  );
}
