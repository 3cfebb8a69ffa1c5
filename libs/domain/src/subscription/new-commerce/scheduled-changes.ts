import { CycleFrequency, findPurchaseOption, Offer, TermDuration } from '../../catalog/offer';
import { quantityReasons } from '../../catalog/eligibility';
import { DomainError } from '../../shared/domain-error';
import { SUBSCRIPTION_REFUSALS as R } from '../reason-codes';
import { priceForNewTerm } from './billing-cycles';
import { NEW_COMMERCE_REFUSALS } from './reason-codes';

/** R29 (new commerce): what the next term changes, as the partner scheduled it. */
export interface ScheduledChanges {
  quantity?: number;
  termDuration?: TermDuration;
  billingFrequency?: CycleFrequency;
}

/** The term a subscription runs on now. */
export interface TermPlan {
  quantity: number;
  termDuration: TermDuration;
  billingFrequency: CycleFrequency;
}

/** R29: what removes scheduled changes: a mid-term quantity change, auto-renew off, a suspension, a cancellation. */
export const REMOVES_SCHEDULED_CHANGES = ['quantity-changed', 'auto-renew-turned-off', 'suspended', 'cancelled'] as const;

/**
 * R29: schedule (or replace) the changes for the next term while active with auto-renew on:
 * a new quantity within min/max and/or a term duration and billing frequency that together
 * (with what stays as it is) make one of the offer's options. Else
 * `scheduled-changes-not-allowed`, `invalid-term` or `invalid-quantity`.
 */
export function scheduleChanges(input: { status: string; autoRenew: boolean; current: TermPlan; offer: Pick<Offer, 'name' | 'program' | 'purchaseOptions' | 'minQuantity' | 'maxQuantity'>; changes: ScheduledChanges }): ScheduledChanges {
  if (input.status !== 'active' || !input.autoRenew) {
    throw new DomainError(NEW_COMMERCE_REFUSALS.scheduledChangesNotAllowed, input.status !== 'active' ? `the subscription is ${input.status}: changes are scheduled only while it is active` : 'auto-renew is off: turn it on to schedule changes for the renewal');
  }
  const { quantity, termDuration, billingFrequency } = input.changes;
  if (quantity === undefined && termDuration === undefined && billingFrequency === undefined) {
    throw new DomainError(NEW_COMMERCE_REFUSALS.scheduledChangesNotAllowed, 'name at least one of quantity, termDuration, billingFrequency');
  }
  if (quantity !== undefined) {
    const refusal = quantityReasons({ billingType: 'license', minQuantity: input.offer.minQuantity, maxQuantity: input.offer.maxQuantity }, quantity)[0];
    if (refusal) throw new DomainError(R.invalidQuantity, refusal.message);
  }
  const next = { termDuration: termDuration ?? input.current.termDuration, billingFrequency: billingFrequency ?? input.current.billingFrequency };
  if (!findPurchaseOption(input.offer, next)) {
    throw new DomainError('invalid-term', `${input.offer.name} is not sold as ${next.termDuration} billed ${next.billingFrequency}`);
  }
  return {
    ...(quantity !== undefined ? { quantity } : {}),
    ...(termDuration !== undefined ? { termDuration } : {}),
    ...(billingFrequency !== undefined ? { billingFrequency } : {}),
  };
}

/**
 * R26, R29: the plan and locked price of the next term: the scheduled changes over the
 * current plan, at the catalog price of the renewal's moment. An option the catalog no
 * longer lists gives `option-withdrawn` (the caller decides: expiring is the safe reading).
 */
export function planAtRenewal(current: TermPlan, scheduled: ScheduledChanges | null, catalogOffer: Pick<Offer, 'program' | 'purchaseOptions'>): ({ kind: 'priced'; unitPriceCents: number } & TermPlan) | { kind: 'option-withdrawn' } {
  const plan: TermPlan = { ...current, ...(scheduled ?? {}) };
  const price = priceForNewTerm(catalogOffer, plan);
  return price.kind === 'priced' ? { ...plan, kind: 'priced', unitPriceCents: price.unitPriceCents } : price;
}
