import { DomainEvent } from '../shared/decider';
import { BillingFrequency, OfferSnapshot } from '../catalog/offer';
import { SuspensionReason } from './reason-codes';

/** R32 charge types of legacy charges; 'reactivation' (R16a) is the rest of a term renewed while suspended, charged at reactivation. */
export type ChargeKind = 'purchase' | 'trial-conversion' | 'renewal' | 'quantity-increase' | 'reactivation';
export type CreditKind = 'cancellation' | 'quantity-decrease';
export type TimerKind = 'trial-end' | 'term-end' | 'cancel-at' | 'data-deletion';

/** R15: the base an add-on is co-termed with: its terms are the base's, priced for the base's term length. */
export interface CoTerm {
  baseSubscriptionId: string;
  baseFrequency: BillingFrequency;
}

export type SubscriptionPurchased = DomainEvent<'SubscriptionPurchased', {
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  offer: OfferSnapshot;
  quantity: number | null;
  purchasedAt: string;
  trialEndsAt: string | null;
  termStartedAt: string;
  termEndsAt: string;
  parentSubscriptionId: string | null;
  /** R15: an add-on co-termed with its base renews and ends with it, never on its own schedule. */
  coTerm: CoTerm | null;
}>;
export type SubscriptionCharged = DomainEvent<'SubscriptionCharged', {
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  kind: ChargeKind;
  amountCents: number;
  invoicePeriod: string;
  chargedAt: string;
}>;
export type SubscriptionCredited = DomainEvent<'SubscriptionCredited', {
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  kind: CreditKind;
  amountCents: number;
  invoicePeriod: string;
  creditedAt: string;
}>;
export type TrialConverted = DomainEvent<'TrialConverted', { subscriptionId: string; orderId: string; termStartedAt: string; termEndsAt: string; convertedAt: string }>;
export type SubscriptionRenewed = DomainEvent<'SubscriptionRenewed', { subscriptionId: string; orderId: string; termNumber: number; termStartedAt: string; termEndsAt: string; renewedAt: string }>;
export type SubscriptionExpired = DomainEvent<'SubscriptionExpired', { subscriptionId: string; expiredAt: string }>;
export type SubscriptionSuspended = DomainEvent<'SubscriptionSuspended', { subscriptionId: string; reason: SuspensionReason; suspendedAt: string; dataDeletionAt: string }>;
export type SubscriptionReactivated = DomainEvent<'SubscriptionReactivated', { subscriptionId: string; reactivatedAt: string }>;
export type SubscriptionCancelled = DomainEvent<'SubscriptionCancelled', {
  subscriptionId: string;
  cancelledAt: string;
  /** Why it ended now: inside the window, in trial, usage-based, or the scheduled date came. */
  mode: 'in-window' | 'trial' | 'usage' | 'scheduled' | 'with-base';
}>;
export type CancellationScheduled = DomainEvent<'CancellationScheduled', { subscriptionId: string; cancelAt: string; scheduledAt: string }>;
export type SubscriptionDataDeleted = DomainEvent<'SubscriptionDataDeleted', { subscriptionId: string; deletedAt: string }>;
export type AutoRenewChanged = DomainEvent<'AutoRenewChanged', { subscriptionId: string; enabled: boolean; changedAt: string }>;
export type QuantityChanged = DomainEvent<'QuantityChanged', { subscriptionId: string; from: number; to: number; changedAt: string }>;
export type AddOnAttached = DomainEvent<'AddOnAttached', { subscriptionId: string; addOnSubscriptionId: string; offerId: string; attachedAt: string }>;

/** Every subscription event type; the `satisfies` keeps it complete when a type is added. */
const SUBSCRIPTION_EVENT_TYPE_MAP = {
  SubscriptionPurchased: true,
  SubscriptionCharged: true,
  SubscriptionCredited: true,
  TrialConverted: true,
  SubscriptionRenewed: true,
  SubscriptionExpired: true,
  SubscriptionSuspended: true,
  SubscriptionReactivated: true,
  SubscriptionCancelled: true,
  CancellationScheduled: true,
  SubscriptionDataDeleted: true,
  AutoRenewChanged: true,
  QuantityChanged: true,
  AddOnAttached: true,
} satisfies Record<SubscriptionEvent['type'], true>;
export const SUBSCRIPTION_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(SUBSCRIPTION_EVENT_TYPE_MAP));

export type SubscriptionEvent =
  | SubscriptionPurchased
  | SubscriptionCharged
  | SubscriptionCredited
  | TrialConverted
  | SubscriptionRenewed
  | SubscriptionExpired
  | SubscriptionSuspended
  | SubscriptionReactivated
  | SubscriptionCancelled
  | CancellationScheduled
  | SubscriptionDataDeleted
  | AutoRenewChanged
  | QuantityChanged
  | AddOnAttached;
