import { Reason } from '../catalog/eligibility';
import { findPurchaseOption, isNewCommerce, Offer, PurchaseOption, TermChoice } from '../catalog/offer';
import { DomainError } from '../shared/domain-error';
import { billingCycles, cycleChargeCents } from '../subscription/new-commerce/billing-cycles';
import { CoTermCandidate, firstTermEnd, TermEndDate } from '../subscription/new-commerce/co-terminosity';
import { NEW_COMMERCE_REFUSALS } from '../subscription/new-commerce/reason-codes';

/** What a valid new-commerce line buys (R25, R30): its option, its first term's end and its first charge. */
export interface NewCommerceLinePlan {
  option: PurchaseOption;
  coTerm: TermEndDate | null;
  firstChargeCents: number;
}

export type NewCommerceLineCheck = { kind: 'plan'; plan: NewCommerceLinePlan } | { kind: 'refused'; reasons: Reason[] } | { kind: 'not-applicable' };

/**
 * R25, R26, R30: a line's option and `customTermEndDate` checked at the order's instant.
 * The first charge is the first cycle's (cut, and charged pro rata, when a co-termed first
 * term ends inside it). A legacy line naming a custom end is refused `invalid-term-end-date`.
 */
export function planNewCommerceLine(
  offer: Offer,
  line: TermChoice & { quantity?: number | null; customTermEndDate?: string | null },
  now: Date,
  candidates: readonly CoTermCandidate[],
): NewCommerceLineCheck {
  const custom = line.customTermEndDate ?? null;
  if (!isNewCommerce(offer)) {
    if (custom === null) return { kind: 'not-applicable' };
    return { kind: 'refused', reasons: [{ code: 'invalid-term-end-date', message: `${offer.name} is a legacy offer: its term comes from the offer, give no customTermEndDate` }] };
  }
  const option = findPurchaseOption(offer, line);
  if (!option) return { kind: 'not-applicable' }; // invalid-term is R8j's reason, given by lineRefusals
  try {
    const { endsAt, coTerm } = firstTermEnd(now, option.termDuration, custom === null ? null : new Date(custom), candidates);
    const first = billingCycles(now, option.billingFrequency, endsAt)[0];
    return { kind: 'plan', plan: { option, coTerm, firstChargeCents: first ? cycleChargeCents(first, option.unitPriceCents, line.quantity ?? 0) : 0 } };
  } catch (error) {
    if (error instanceof DomainError && error.code === NEW_COMMERCE_REFUSALS.invalidTermEndDate) {
      return { kind: 'refused', reasons: [{ code: 'invalid-term-end-date', message: error.message }] };
    }
    throw error;
  }
}
