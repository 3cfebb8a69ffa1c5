import { BillingFrequency, OfferSnapshot } from '../catalog/offer';
import { SuspensionReason } from './reason-codes';
import { TimerKind } from './subscription.events';

export type SubscriptionCommand =
  | {
      type: 'Purchase';
      subscriptionId: string;
      customerId: string;
      partnerId: string;
      orderId: string;
      offer: OfferSnapshot;
      quantity: number | null;
      parentSubscriptionId: string | null;
      /** R15: the base's current term, for an add-on bought on top of it (co-termed); null otherwise. */
      baseTerm: BaseTerm | null;
    }
  | { type: 'Suspend'; reason: SuspensionReason }
  | { type: 'Reactivate' }
  | { type: 'Cancel' }
  | { type: 'SetAutoRenew'; enabled: boolean }
  | { type: 'ChangeQuantity'; quantity: number }
  | { type: 'AttachAddOn'; addOnSubscriptionId: string; offerId: string }
  /** R15: an add-on ends with its base (expired, cancelled at its scheduled date, or deleted). */
  | { type: 'EndWithBase'; ending: 'expired' | 'cancelled' | 'deleted'; at: string }
  /** R15: the base moved to a new term (renewal or trial conversion) at `at`: a co-termed add-on follows. */
  | { type: 'FollowBaseTerm'; termStartedAt: string; termEndsAt: string; at: string }
  /**
   * A durable timer firing (R19): when the named timer is due, every timer due at or
   * before now fires in the same decision, each at its own instant; ignored (no events)
   * when the named timer no longer applies.
   */
  | { type: 'FireTimer'; timer: TimerKind; dueAt: string };

/** R15: the base's term an add-on is co-termed into at purchase. */
export interface BaseTerm {
  subscriptionId: string;
  billingFrequency: BillingFrequency;
  termStartedAt: string;
  termEndsAt: string;
}
