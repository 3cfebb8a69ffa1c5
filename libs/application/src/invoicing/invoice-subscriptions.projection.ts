import { BilledSubscription, evolveBilledSubscription, isChargeEvent, LineDetail, lineDetail } from '@ledger/domain';
import { ReadDocument } from '../ports/read-store.port';
import { Projection } from '../projections/projection';
import { asBillingEvent } from './billing-events';

/**
 * Per subscription: what its invoice lines need that legacy charges do not carry (offer,
 * seats, unit price, term), and the details of each of its lines, fixed at the line's
 * place in the log (keyed by the charge's event id) so later events never change them.
 */
export interface InvoiceSubscriptionDocument extends ReadDocument {
  subscription: BilledSubscription;
  lines: Record<string, LineDetail>;
}

export const invoiceSubscriptionsProjection: Projection<InvoiceSubscriptionDocument> = {
  name: 'invoice-subscriptions',
  version: 1,
  collection: 'invoice_subscriptions',
  // Read by id only (the lines' queries).
  schema: { columns: {}, indexes: [] },
  documentId: (event) => asBillingEvent(event)?.data.subscriptionId ?? null,
  evolve(current, event) {
    const billing = asBillingEvent(event);
    if (!billing) return null;
    const subscription = evolveBilledSubscription(current?.subscription ?? null, billing);
    if (!subscription) return null;
    const lines = isChargeEvent(billing) ? { ...current?.lines, [event.id]: lineDetail(subscription, billing) } : current?.lines ?? {};
    if (current && subscription === current.subscription && lines === current.lines) return null;
    return { id: subscription.subscriptionId, subscription, lines };
  },
  columns: () => ({}),
};
