import { money, NewCommerceSubscription, newCommerceFacts } from '@ledger/domain';
import { SubscriptionView } from './subscription-view';

/**
 * API.md "Subscription" for a new-commerce subscription at `now` (R25-R31): the locked
 * price, the current cycle, the 168-hour window and refundable seats as of the read. Every
 * key spelled out, no spread: see subscription-view.ts.
 */
export function newCommerceView(state: NewCommerceSubscription, revision: number, now: Date): SubscriptionView {
  const facts = newCommerceFacts(state, now)!;
  return {
    id: state.subscriptionId,
    customerId: state.customerId,
    orderId: state.orderId,
    offerId: state.offer.offerId,
    offerName: state.offer.name,
    publisher: state.offer.publisher,
    publisherName: state.offer.publisherName,
    billingType: state.offer.billingType,
    category: state.offer.category,
    billingFrequency: state.billingFrequency,
    unitPrice: money(state.unitPriceCents),
    quantity: state.quantity,
    status: state.status,
    inTrial: false,
    trialEndsAt: null,
    termStartedAt: state.termStartedAt,
    termEndsAt: state.termEndsAt,
    autoRenew: state.autoRenew,
    cancelAt: null,
    cancellationWindowEndsAt: facts.cancellationAllowedUntil,
    suspendedAt: state.suspendedAt,
    suspensionReason: state.suspensionReason,
    dataDeletionAt: null,
    serviceAccess: facts.serviceAccess,
    provisioningUrl: state.offer.provisioningUrl,
    parentSubscriptionId: null,
    addOnIds: [],
    createdAt: state.createdAt,
    revision,
    program: 'new-commerce',
    termDuration: state.termDuration,
    billingCycleStartedAt: facts.billingCycleStartedAt,
    billingCycleEndsAt: facts.billingCycleEndsAt,
    cancellationAllowedUntil: facts.cancellationAllowedUntil,
    refundableQuantity: facts.refundableQuantity,
    scheduledChanges: facts.scheduledChanges,
  };
}
