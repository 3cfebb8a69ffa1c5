import { CoTermCandidate } from '@ledger/domain';
import { ReadStore } from '../ports/read-store.port';
import { SubscriptionDocument, subscriptionsProjection } from './subscriptions.projection';

/** Enough for any real customer; R30 only looks at its live new-commerce subscriptions. */
const MAX_SUBSCRIPTIONS = 5000;

/** R30: the customer's new-commerce subscriptions as co-termination candidates (active ones with their current term end). */
export async function coTermCandidates(readStore: ReadStore, partnerId: string, customerId: string): Promise<CoTermCandidate[]> {
  const page = await readStore.find<SubscriptionDocument>(subscriptionsProjection.collection, { partnerId, customerId, status: 'active' }, { limit: MAX_SUBSCRIPTIONS });
  return page.items.flatMap((doc) =>
    doc.program === 'new-commerce'
      ? [{ subscriptionId: doc.state.subscriptionId, status: doc.state.status, program: 'new-commerce' as const, termDuration: doc.state.termDuration, termEndsAt: new Date(doc.state.termEndsAt) }]
      : [],
  );
}
