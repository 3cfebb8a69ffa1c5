import { DomainEvent } from '../../shared/decider';
import { CycleFrequency, OfferSnapshot, TermDuration } from '../../catalog/offer';
import { SuspensionReason } from '../reason-codes';
import { ScheduledChanges } from './scheduled-changes';

/**
 * New-commerce subscription events (R25-R31). New types only: nothing of the legacy
 * subscription events changes, so every stored event replays as before. Each carries its
 * business time (R19) in its `...At` field.
 */

/** R32 charge types a new-commerce subscription produces. */
export type NewCommerceChargeKind = 'purchase' | 'renewal' | 'cycle' | 'co-term' | 'quantity-increase';
export type NewCommerceCreditKind = 'cancellation' | 'quantity-decrease';

export type NewCommerceSubscriptionPurchased = DomainEvent<'NewCommerceSubscriptionPurchased', {
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  offer: OfferSnapshot;
  termDuration: TermDuration;
  billingFrequency: CycleFrequency;
  /** R26: locked for the term. */
  unitPriceCents: number;
  quantity: number;
  purchasedAt: string;
  termStartedAt: string;
  termEndsAt: string;
  /** R30: the first term was co-termed to this date (aligned to `coTermSubscriptionId`, or a month end); null: regular. */
  customTermEndDate: string | null;
  coTermSubscriptionId: string | null;
}>;

/** R26, R28: a charge, dated at the instant it was due (a cycle's start, a seat addition). */
export type NewCommerceCharged = DomainEvent<'NewCommerceCharged', {
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  kind: NewCommerceChargeKind;
  termNumber: number;
  cycle: number;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  invoicePeriod: string;
  chargedAt: string;
}>;

/** R27, R28: a credit (cancellation inside the 168 hours, seats removed inside theirs). */
export type NewCommerceCredited = DomainEvent<'NewCommerceCredited', {
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  orderId: string;
  kind: NewCommerceCreditKind;
  quantity: number;
  amountCents: number;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  invoicePeriod: string;
  creditedAt: string;
}>;

/** R26, R29: a new term on the plan of that moment (scheduled changes applied) at the catalog price. */
export type NewCommerceSubscriptionRenewed = DomainEvent<'NewCommerceSubscriptionRenewed', {
  subscriptionId: string;
  orderId: string;
  termNumber: number;
  termDuration: TermDuration;
  billingFrequency: CycleFrequency;
  quantity: number;
  unitPriceCents: number;
  termStartedAt: string;
  termEndsAt: string;
  renewedAt: string;
}>;

export type NewCommerceSeatsChanged = DomainEvent<'NewCommerceSeatsChanged', { subscriptionId: string; from: number; to: number; changedAt: string }>;
export type NewCommerceSubscriptionCancelled = DomainEvent<'NewCommerceSubscriptionCancelled', { subscriptionId: string; cancelledAt: string }>;
export type NewCommerceSubscriptionExpired = DomainEvent<'NewCommerceSubscriptionExpired', { subscriptionId: string; expiredAt: string; why: 'auto-renew-off' | 'suspended' | 'option-withdrawn' }>;
/** R31: suspending also turns auto-renew off and removes scheduled changes (no separate events). */
export type NewCommerceSubscriptionSuspended = DomainEvent<'NewCommerceSubscriptionSuspended', { subscriptionId: string; reason: SuspensionReason; suspendedAt: string }>;
export type NewCommerceSubscriptionReactivated = DomainEvent<'NewCommerceSubscriptionReactivated', { subscriptionId: string; reactivatedAt: string }>;
export type NewCommerceAutoRenewChanged = DomainEvent<'NewCommerceAutoRenewChanged', { subscriptionId: string; enabled: boolean; changedAt: string }>;
export type NewCommerceChangesScheduled = DomainEvent<'NewCommerceChangesScheduled', { subscriptionId: string; changes: ScheduledChanges; scheduledAt: string }>;
export type NewCommerceScheduledChangesRemoved = DomainEvent<'NewCommerceScheduledChangesRemoved', {
  subscriptionId: string;
  /** R29: removed by the partner, or by what removes them. */
  why: 'removed' | 'quantity-changed' | 'auto-renew-turned-off' | 'cancelled';
  removedAt: string;
}>;

export type NewCommerceEvent =
  | NewCommerceSubscriptionPurchased
  | NewCommerceCharged
  | NewCommerceCredited
  | NewCommerceSubscriptionRenewed
  | NewCommerceSeatsChanged
  | NewCommerceSubscriptionCancelled
  | NewCommerceSubscriptionExpired
  | NewCommerceSubscriptionSuspended
  | NewCommerceSubscriptionReactivated
  | NewCommerceAutoRenewChanged
  | NewCommerceChangesScheduled
  | NewCommerceScheduledChangesRemoved;

const NEW_COMMERCE_EVENT_TYPE_MAP = {
  NewCommerceSubscriptionPurchased: true,
  NewCommerceCharged: true,
  NewCommerceCredited: true,
  NewCommerceSubscriptionRenewed: true,
  NewCommerceSeatsChanged: true,
  NewCommerceSubscriptionCancelled: true,
  NewCommerceSubscriptionExpired: true,
  NewCommerceSubscriptionSuspended: true,
  NewCommerceSubscriptionReactivated: true,
  NewCommerceAutoRenewChanged: true,
  NewCommerceChangesScheduled: true,
  NewCommerceScheduledChangesRemoved: true,
} satisfies Record<NewCommerceEvent['type'], true>;
export const NEW_COMMERCE_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(NEW_COMMERCE_EVENT_TYPE_MAP));

/** R19: the business time of a new-commerce event (a cycle charge: its cycle's start, however late it is written). */
export function newCommerceEffectiveAt(event: NewCommerceEvent): string {
  switch (event.type) {
    case 'NewCommerceSubscriptionPurchased':
      return event.data.purchasedAt;
    case 'NewCommerceCharged':
      return event.data.chargedAt;
    case 'NewCommerceCredited':
      return event.data.creditedAt;
    case 'NewCommerceSubscriptionRenewed':
      return event.data.renewedAt;
    case 'NewCommerceSeatsChanged':
    case 'NewCommerceAutoRenewChanged':
      return event.data.changedAt;
    case 'NewCommerceSubscriptionCancelled':
      return event.data.cancelledAt;
    case 'NewCommerceSubscriptionExpired':
      return event.data.expiredAt;
    case 'NewCommerceSubscriptionSuspended':
      return event.data.suspendedAt;
    case 'NewCommerceSubscriptionReactivated':
      return event.data.reactivatedAt;
    case 'NewCommerceChangesScheduled':
      return event.data.scheduledAt;
    case 'NewCommerceScheduledChangesRemoved':
      return event.data.removedAt;
  }
}
