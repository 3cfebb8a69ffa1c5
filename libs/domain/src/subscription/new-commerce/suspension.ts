import { BillingFrequency } from '../../catalog/offer';
import { DomainError } from '../../shared/domain-error';
import { SUBSCRIPTION_REFUSALS as R, SUSPENSION_REASONS, SuspensionReason } from '../reason-codes';
import { cancellationWindowEnd, insideCancellationWindow, proRataCents } from '../terms';

/**
 * Suspension billing of both programmes, side by side, because they differ exactly as the
 * vendor's do: new commerce keeps charging a suspended subscription (R31); the legacy
 * programme charges nothing while suspended and bills the rest of the term at reactivation
 * (R16a).
 */

// ---- R31: new commerce ----

export interface NewCommerceSuspension {
  suspendedAt: Date;
  reason: SuspensionReason;
  /** R31: suspending turns auto-renew off... */
  autoRenew: false;
  /** ...and removes the scheduled changes (R29). */
  scheduledChanges: null;
  /** R31: no data-deletion clock (R16's 90 days are legacy). */
  dataDeletionAt: null;
}

/** R31: suspend (only from active): auto-renew off, scheduled changes removed, no deletion date. */
export function suspendNewCommerce(input: { status: string; reason: string; now: Date }): NewCommerceSuspension {
  if (!SUSPENSION_REASONS.includes(input.reason as SuspensionReason)) throw new DomainError(R.invalidSuspensionReason, `reason must be one of ${SUSPENSION_REASONS.join(', ')}`);
  if (input.status !== 'active') throw new DomainError(R.notActive, `the subscription is ${input.status}: only an active subscription can be suspended`);
  return { suspendedAt: input.now, reason: input.reason as SuspensionReason, autoRenew: false, scheduledChanges: null, dataDeletionAt: null };
}

/**
 * R31: reactivate (only from suspended) until the term end; auto-renew stays off until
 * turned on again. At or after the term end the subscription has expired, even if the
 * timer that records it has not fired yet: the reactivation loses that race cleanly.
 */
export function reactivateNewCommerce(input: { status: string; termEndsAt: Date; now: Date }): { reactivatedAt: Date; autoRenew: false } {
  if (input.status !== 'suspended') throw new DomainError(R.notSuspended, `the subscription is ${input.status}: only a suspended subscription can be reactivated`);
  if (input.now.getTime() >= input.termEndsAt.getTime()) {
    throw new DomainError(R.terminal, `the subscription expired at its term end ${input.termEndsAt.toISOString()} while suspended: buy it again`);
  }
  return { reactivatedAt: input.now, autoRenew: false };
}

/** R26, R31: a cycle start charges an active and a suspended subscription alike (users just cannot use it). */
export function newCommerceCycleCharged(status: string): boolean {
  return status === 'active' || status === 'suspended';
}

/** R14, R31: at the term end an active subscription with auto-renew on renews; anything else still running expires. */
export function newCommerceTermEndOutcome(input: { status: string; autoRenew: boolean }): 'renew' | 'expire' | 'none' {
  if (input.status === 'active') return input.autoRenew ? 'renew' : 'expire';
  if (input.status === 'suspended') return 'expire';
  return 'none';
}

// ---- R16a: legacy ----

/** R16a: a legacy renewal that falls while suspended starts the new term without a charge. */
export function legacyRenewalChargeCents(status: string, termPriceCents: number): number {
  return status === 'suspended' ? 0 : termPriceCents;
}

export interface LegacyReactivationCharge {
  amountCents: number;
  /** R16a, R17: the window opened by the reactivation, in which a cancel credits `amountCents`. */
  cancellationWindowEndsAt: Date;
}

/**
 * R16a: reactivating in a term whose renewal was not charged (it fell while suspended)
 * charges the rest of the term pro rata, as R15 charges a quantity increase (whole days
 * remaining over days in the term, half-up), and opens an R17 window from the reactivation.
 * Reactivating in a term that was charged charges nothing (a suspension never credits).
 */
export function legacyReactivationCharge(input: {
  termCharged: boolean;
  unitPriceCents: number;
  quantity: number;
  frequency: BillingFrequency;
  termStartedAt: Date;
  termEndsAt: Date;
  reactivatedAt: Date;
}): LegacyReactivationCharge | null {
  if (input.termCharged) return null;
  return {
    amountCents: proRataCents(input.quantity, input.unitPriceCents, input.termStartedAt, input.termEndsAt, input.reactivatedAt),
    cancellationWindowEndsAt: cancellationWindowEnd(input.reactivatedAt, input.frequency),
  };
}

/**
 * R16a, R17: a cancel inside the reactivation's window cancels at once and credits the
 * reactivation charge; after it, R17 schedules the cancellation at the term end (null here).
 */
export function legacyCancelCreditAfterReactivation(input: { reactivationChargeCents: number; reactivatedAt: Date; frequency: BillingFrequency; now: Date }): number | null {
  return insideCancellationWindow(input.now, input.reactivatedAt, input.frequency) ? input.reactivationChargeCents : null;
}
