import { SubscriptionEvent } from './subscription.events';

/**
 * R19: the instant a subscription event takes effect, as its data records it. For a
 * user's command it is the moment of the decision; for a timer firing (or what follows
 * it on add-ons) it is the instant the rule was due, however late it was written.
 */
export function effectiveAtOf(event: SubscriptionEvent): string {
  switch (event.type) {
    case 'SubscriptionPurchased':
      return event.data.purchasedAt;
    case 'SubscriptionCharged':
      return event.data.chargedAt;
    case 'SubscriptionCredited':
      return event.data.creditedAt;
    case 'TrialConverted':
      return event.data.convertedAt;
    case 'SubscriptionRenewed':
      return event.data.renewedAt;
    case 'SubscriptionExpired':
      return event.data.expiredAt;
    case 'SubscriptionSuspended':
      return event.data.suspendedAt;
    case 'SubscriptionReactivated':
      return event.data.reactivatedAt;
    case 'SubscriptionCancelled':
      return event.data.cancelledAt;
    case 'CancellationScheduled':
      return event.data.scheduledAt;
    case 'SubscriptionDataDeleted':
      return event.data.deletedAt;
    case 'AutoRenewChanged':
      return event.data.changedAt;
    case 'QuantityChanged':
      return event.data.changedAt;
    case 'AddOnAttached':
      return event.data.attachedAt;
  }
}
