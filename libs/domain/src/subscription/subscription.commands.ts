import { OfferSnapshot } from '../catalog/offer';
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
    }
  | { type: 'Suspend'; reason: SuspensionReason }
  | { type: 'Reactivate' }
  | { type: 'Cancel' }
  | { type: 'SetAutoRenew'; enabled: boolean }
  | { type: 'ChangeQuantity'; quantity: number }
  | { type: 'AttachAddOn'; addOnSubscriptionId: string; offerId: string }
  /** R15: an add-on ends with its base (expired, cancelled at its scheduled date, or deleted). */
  | { type: 'EndWithBase'; ending: 'expired' | 'cancelled' | 'deleted'; at: string }
  /** A durable timer firing; ignored (no events) when it no longer applies (R19). */
  | { type: 'FireTimer'; timer: TimerKind; dueAt: string };
