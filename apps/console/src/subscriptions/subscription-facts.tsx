import { ReactNode, useId } from 'react';
import { Schemas } from '../api/client';
import { Link } from '../router';
import { formatInstant, formatMoney } from '../ui/format';

/** What a subscription shows (API.md Subscription): its dates of R12-R17, the suspension's data-deletion date (R16), the ISV provisioning link (R11). */
export function SubscriptionFacts({ subscription: s, label = 'Subscription details' }: { subscription: Schemas['Subscription']; label?: string }) {
  const suspendedHeading = useId();
  const facts: [string, ReactNode][] = [
    ['Status', s.status],
    ['Publisher', s.publisher === 'partner' ? `ISV: ${s.publisherName}` : 'Microsoft'],
    ['Billing', `${s.billingType}, ${s.billingFrequency}, ${formatMoney(s.unitPrice)}${s.billingType === 'license' ? ' per seat' : ''}`],
    ['Seats', s.quantity ?? 'usage-based'],
    ['Purchased', formatInstant(s.createdAt)],
    ['Term', `${formatInstant(s.termStartedAt)} → ${formatInstant(s.termEndsAt)}`],
    ['Auto-renew', s.autoRenew ? 'on' : 'off'],
    ['Cancellation window ends', formatInstant(s.cancellationWindowEndsAt)],
    ['Service access', s.serviceAccess ? 'yes' : 'no'],
  ];
  if (s.program === 'new-commerce') facts.push(...newCommerceFacts(s));
  if (s.inTrial || s.trialEndsAt) facts.push(['Trial ends', formatInstant(s.trialEndsAt)]);
  if (s.cancelAt) facts.push(['Cancellation scheduled at', formatInstant(s.cancelAt)]);
  return (
    <section aria-label={label}>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {s.status === 'suspended' && (
        <section aria-labelledby={suspendedHeading} className="notice">
          <h2 id={suspendedHeading}>Suspended</h2>
          <p>
            Since {formatInstant(s.suspendedAt)} ({s.suspensionReason}). Users cannot use the service.
          </p>
          {s.dataDeletionAt && (
            <p>
              Its data will be deleted on <time dateTime={s.dataDeletionAt} data-testid="data-deletion-at">{formatInstant(s.dataDeletionAt)}</time> unless it is
              reactivated before then.
            </p>
          )}
        </section>
      )}
      {s.provisioningUrl && (
        <p>
          <a href={s.provisioningUrl} target="_blank" rel="noopener noreferrer">
            Set up the account with the publisher (ISV provisioning)
          </a>
        </p>
      )}
      {(s.parentSubscriptionId || s.addOnIds.length > 0) && (
        <ul aria-label="Linked subscriptions">
          {s.parentSubscriptionId && (
            <li>
              Add-on of <Link to={`/subscriptions/${s.parentSubscriptionId}`}>the base subscription</Link>
            </li>
          )}
          {s.addOnIds.map((id) => (
            <li key={id}>
              Add-on <Link to={`/subscriptions/${id}`}>{id}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const TERMS: Record<string, string> = { P1M: '1 month', P1Y: '1 year', P3Y: '3 years' };

/** R25-R31: the option bought (its price locked for the term), the current cycle, the 168-hour window, seats still removable, changes at renewal. */
function newCommerceFacts(s: Schemas['Subscription']): [string, ReactNode][] {
  const changes = s.scheduledChanges;
  const scheduled = changes
    ? [changes.quantity !== undefined && `${changes.quantity} seats`, changes.termDuration && `${TERMS[changes.termDuration]} term`, changes.billingFrequency && `billed ${changes.billingFrequency}`].filter(Boolean).join(', ')
    : 'none';
  return [
    ['Programme', 'new commerce'],
    ['Term length', s.termDuration ? TERMS[s.termDuration] : '—'],
    ['Billing cycle', `${formatInstant(s.billingCycleStartedAt)} → ${formatInstant(s.billingCycleEndsAt)}`],
    ['Cancellable with credit until', s.cancellationAllowedUntil ? formatInstant(s.cancellationAllowedUntil) : 'the 168 hours have passed'],
    ['Seats removable', s.refundableQuantity?.length ? s.refundableQuantity.map((r) => `${r.quantity} until ${formatInstant(r.until)}`).join('; ') : 'none'],
    ['Changes at renewal', <span data-testid="scheduled-changes">{scheduled}</span>],
  ];
}
