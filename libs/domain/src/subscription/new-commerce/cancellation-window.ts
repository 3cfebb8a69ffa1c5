import { DomainError } from '../../shared/domain-error';
import { BillingCycle, halfUp, wholeDays } from './billing-cycles';
import { NEW_COMMERCE_REFUSALS } from './reason-codes';

/** R27 (new commerce): 168 hours from the purchase or the latest renewal, whatever the term. */
export const NEW_COMMERCE_WINDOW_MS = 168 * 60 * 60 * 1000;

export function newCommerceWindowEnd(orderAt: Date): Date {
  return new Date(orderAt.getTime() + NEW_COMMERCE_WINDOW_MS);
}

/** R27: the window's end is inside it (exactly 168 h: inside; 168 h + 1 ms: outside), as R17's. */
export function insideNewCommerceWindow(now: Date, orderAt: Date): boolean {
  return now.getTime() <= newCommerceWindowEnd(orderAt).getTime();
}

/** R27: `cancellationAllowedUntil` as the subscription shows it: the window's end while open, else null. */
export function cancellationAllowedUntil(latestOrderAt: Date, now: Date): Date | null {
  return insideNewCommerceWindow(now, latestOrderAt) ? newCommerceWindowEnd(latestOrderAt) : null;
}

/**
 * R27: the credit for the current cycle's charge: charge x (cycle days - whole days elapsed
 * since the cycle started) / cycle days, half-up to the cent. Within 24 hours no whole day
 * has elapsed, so the credit is the full charge. A cut cycle (R30) counts its own days.
 */
export function cycleCreditCents(chargeCents: number, cycle: Pick<BillingCycle, 'startsAt' | 'days'>, now: Date): number {
  if (cycle.days <= 0) return chargeCents;
  const elapsed = Math.min(cycle.days, wholeDays(cycle.startsAt, now));
  return halfUp(chargeCents * (cycle.days - elapsed), cycle.days);
}

export interface NewCommerceCancellation {
  cancelledAt: Date;
  creditCents: number;
}

/**
 * R27: a new-commerce cancel either cancels at once with the pro-rata credit (inside the
 * 168 hours of the latest order) or is refused `cancellation-window-passed`: it never
 * schedules (turning auto-renew off is the way to let it end at the term end). Later
 * cycles are simply never charged (the caller stops their timers on the cancellation).
 */
export function cancelNewCommerce(input: { latestOrderAt: Date; cycle: Pick<BillingCycle, 'startsAt' | 'days'>; cycleChargeCents: number; now: Date }): NewCommerceCancellation {
  if (!insideNewCommerceWindow(input.now, input.latestOrderAt)) {
    throw new DomainError(
      NEW_COMMERCE_REFUSALS.cancellationWindowPassed,
      `the 168-hour cancellation window closed at ${newCommerceWindowEnd(input.latestOrderAt).toISOString()}: turn auto-renew off to let the subscription expire at its term end`,
      { cancellationWindowEndedAt: newCommerceWindowEnd(input.latestOrderAt).toISOString() },
    );
  }
  return { cancelledAt: input.now, creditCents: cycleCreditCents(input.cycleChargeCents, input.cycle, input.now) };
}
