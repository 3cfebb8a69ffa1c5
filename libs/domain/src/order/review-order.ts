import { HeldStatus, lineRefusals, Reason } from '../catalog/eligibility';
import { findPurchaseOption, isNewCommerce, Offer, TermChoice } from '../catalog/offer';
import { CustomerState } from '../customer/customer.state';
import { CoTermCandidate } from '../subscription/new-commerce/co-terminosity';
import { OrderLineInput } from './order.commands';
import { NewCommerceLinePlan, planNewCommerceLine } from './new-commerce-line';

export interface ReviewedLine {
  offerId: string;
  quantity: number | null;
  valid: boolean;
  reasons: Reason[];
  unitPriceCents: number | null;
  totalCents: number;
  /** R25, R30: a valid new-commerce line's option, first term end and first charge. */
  newCommerce?: NewCommerceLinePlan;
}

export interface OrderReview {
  valid: boolean;
  lines: ReviewedLine[];
  totalCents: number;
}

export interface OrderContext {
  offers: ReadonlyMap<string, Offer>;
  /** Status of every subscription the customer holds for one-per-customer offers. */
  statuses: ReadonlyMap<string, HeldStatus>;
  /** The order's instant (R30's dates are judged at it); the review's now. Needed by new-commerce lines. */
  now?: Date;
  /** R30: the customer's subscriptions a new-commerce line may co-term with. */
  coTermCandidates?: readonly CoTermCandidate[];
}

/**
 * Price of a line's first term: nothing while a trial runs; usage is billed elsewhere. A
 * new-commerce line's first charge is its first billing cycle at the option's price (R26).
 */
export function firstTermCents(offer: Offer, quantity: number | null | undefined, choice: TermChoice = {}): number {
  if (offer.trialDays || offer.billingType === 'usage') return 0;
  if (isNewCommerce(offer)) return (findPurchaseOption(offer, choice)?.unitPriceCents ?? 0) * (quantity ?? 0);
  return offer.unitPriceCents * (quantity ?? 0);
}

/** The unit price a line is bought at: the option's for new commerce (R25), else the offer's. */
function lineUnitPriceCents(offer: Offer, choice: TermChoice): number | null {
  if (!isNewCommerce(offer)) return offer.unitPriceCents;
  return findPurchaseOption(offer, choice)?.unitPriceCents ?? null;
}

/** R7, R8: validates every line; changes nothing. */
export function reviewOrder(lines: OrderLineInput[], customer: CustomerState, callerPartnerId: string, context: OrderContext): OrderReview {
  const buyer = customer.status === 'created' ? customer : null;
  const reviewed = lines.map((line, index): ReviewedLine => {
    const offer = context.offers.get(line.offerId) ?? null;
    const held = (buyer?.heldOnePerCustomer[line.offerId] ?? []).map((subscriptionId) => ({
      subscriptionId,
      status: context.statuses.get(subscriptionId) ?? ('pending' as HeldStatus),
    }));
    const reasons = lineRefusals({
      offer,
      offerId: line.offerId,
      buyer,
      callerPartnerId,
      quantity: line.quantity,
      termDuration: line.termDuration,
      billingFrequency: line.billingFrequency,
      held,
      alreadyInOrder: lines.slice(0, index).some((earlier) => earlier.offerId === line.offerId),
    });
    const quantity = offer?.billingType === 'usage' ? null : line.quantity ?? null;
    const check = offer && reasons.length === 0 ? planNewCommerceLine(offer, line, context.now ?? new Date(0), context.coTermCandidates ?? []) : null;
    if (check?.kind === 'refused') reasons.push(...check.reasons);
    const plan = check?.kind === 'plan' ? check.plan : undefined;
    return {
      offerId: line.offerId,
      quantity,
      valid: reasons.length === 0,
      reasons,
      unitPriceCents: offer ? lineUnitPriceCents(offer, line) : null,
      totalCents: plan ? plan.firstChargeCents : offer && reasons.length === 0 ? firstTermCents(offer, quantity, line) : 0,
      ...(plan ? { newCommerce: plan } : {}),
    };
  });
  const valid = reviewed.length > 0 && reviewed.every((line) => line.valid);
  return { valid, lines: reviewed, totalCents: reviewed.reduce((sum, line) => sum + line.totalCents, 0) };
}
