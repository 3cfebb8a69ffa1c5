import { HeldStatus, lineRefusals, Reason } from '../catalog/eligibility';
import { Offer } from '../catalog/offer';
import { CustomerState } from '../customer/customer.state';
import { OrderLineInput } from './order.commands';

export interface ReviewedLine {
  offerId: string;
  quantity: number | null;
  valid: boolean;
  reasons: Reason[];
  unitPriceCents: number | null;
  totalCents: number;
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
}

/** Price of a line's first term: nothing while a trial runs; usage is billed elsewhere. */
export function firstTermCents(offer: Offer, quantity: number | null | undefined): number {
  if (offer.trialDays || offer.billingType === 'usage') return 0;
  return offer.unitPriceCents * (quantity ?? 0);
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
      held,
      alreadyInOrder: lines.slice(0, index).some((earlier) => earlier.offerId === line.offerId),
    });
    const quantity = offer?.billingType === 'usage' ? null : line.quantity ?? null;
    return {
      offerId: line.offerId,
      quantity,
      valid: reasons.length === 0,
      reasons,
      unitPriceCents: offer?.unitPriceCents ?? null,
      totalCents: offer && reasons.length === 0 ? firstTermCents(offer, quantity) : 0,
    };
  });
  const valid = reviewed.length > 0 && reviewed.every((line) => line.valid);
  return { valid, lines: reviewed, totalCents: reviewed.reduce((sum, line) => sum + line.totalCents, 0) };
}
