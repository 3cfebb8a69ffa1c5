import { DomainError } from '../../shared/domain-error';
import { quantityReasons } from '../../catalog/eligibility';
import { SUBSCRIPTION_REFUSALS as R } from '../reason-codes';
import { BillingCycle, halfUp, wholeDays } from './billing-cycles';
import { newCommerceWindowEnd, insideNewCommerceWindow } from './cancellation-window';

/**
 * R28 (new commerce): seats added by the purchase, a renewal or an increase, each with its
 * own 168-hour window in which up to that many seats can be removed again.
 */
export interface SeatLot {
  /** Seats of this addition not removed yet. */
  quantity: number;
  addedAt: Date;
}

export interface RefundableSeats {
  quantity: number;
  until: Date;
}

/** R28: a purchase or a renewal adds the whole quantity at once (earlier lots are the old term's). */
export function seatLotsAtTermStart(quantity: number, at: Date): SeatLot[] {
  return [{ quantity, addedAt: at }];
}

/** R28: `refundableQuantity` as the subscription shows it: one item per addition still inside its 168 hours, oldest first. */
export function refundableQuantity(lots: readonly SeatLot[], now: Date): RefundableSeats[] {
  return lots
    .filter((lot) => lot.quantity > 0 && insideNewCommerceWindow(now, lot.addedAt))
    .map((lot) => ({ quantity: lot.quantity, until: newCommerceWindowEnd(lot.addedAt) }));
}

/**
 * R28: what `seats` cost (or are credited) for the rest of the current cycle: unit price x
 * seats x (cycle days - whole days elapsed since the cycle started) / cycle days, half-up to
 * the cent. Not R15's formula: days elapsed are counted whole, so a part day still counts
 * as remaining. In a cycle cut by R30 the days left are those to the cut, over a full
 * cycle's days (the unit price is for a full cycle), as the cut cycle itself was charged.
 */
export function restOfCycleCents(unitPriceCents: number, seats: number, cycle: Pick<BillingCycle, 'startsAt' | 'days' | 'fullDays'>, now: Date): number {
  if (cycle.fullDays <= 0) return 0;
  const elapsed = Math.min(cycle.days, wholeDays(cycle.startsAt, now));
  return halfUp(unitPriceCents * seats * (cycle.days - elapsed), cycle.fullDays);
}

export type SeatChange =
  | { kind: 'unchanged' }
  | { kind: 'increase'; seats: number; chargeCents: number; lots: SeatLot[] }
  | { kind: 'decrease'; seats: number; creditCents: number; lots: SeatLot[] };

export interface SeatChangeInput {
  status: string;
  inTrial: boolean;
  quantity: number;
  newQuantity: number;
  minQuantity: number | null;
  maxQuantity: number | null;
  /** The unit price locked for the term (R26). */
  unitPriceCents: number;
  cycle: Pick<BillingCycle, 'startsAt' | 'days' | 'fullDays'>;
  lots: readonly SeatLot[];
  now: Date;
}

/**
 * R28: seats are added at any time while active and not in trial, charged for the rest of
 * the cycle. They are removed only out of additions made within the last 168 hours, at most
 * that many, credited the same way; the newest addition gives its seats back first (a
 * removal undoes the latest additions; the spec does not say which, this keeps the rule
 * "at most what was added in the window" and is what an "undo" reads as). Anything else is
 * `quantity-decrease-not-allowed`. The next cycles charge the new quantity (the caller
 * charges `quantity` at each cycle start).
 */
export function changeSeats(input: SeatChangeInput): SeatChange {
  if (input.status !== 'active') throw new DomainError(R.notActive, `the subscription is ${input.status}: seats change only while it is active`);
  if (input.inTrial) throw new DomainError(R.trialQuantityChange, 'the subscription is in trial: change the quantity after it converts');
  const refusal = quantityReasons({ billingType: 'license', minQuantity: input.minQuantity, maxQuantity: input.maxQuantity }, input.newQuantity)[0];
  if (refusal) throw new DomainError(R.invalidQuantity, refusal.message);
  const delta = input.newQuantity - input.quantity;
  if (delta === 0) return { kind: 'unchanged' };
  if (delta > 0) {
    return {
      kind: 'increase',
      seats: delta,
      chargeCents: restOfCycleCents(input.unitPriceCents, delta, input.cycle, input.now),
      lots: [...input.lots.map((lot) => ({ ...lot })), { quantity: delta, addedAt: input.now }],
    };
  }
  const seats = -delta;
  const removable = refundableQuantity(input.lots, input.now).reduce((sum, item) => sum + item.quantity, 0);
  if (seats > removable) {
    throw new DomainError(
      R.quantityDecreaseNotAllowed,
      removable === 0
        ? 'no seats were added within the last 168 hours: seats can no longer be removed this term (schedule a lower quantity for the renewal instead)'
        : `only ${removable} seat(s) added within the last 168 hours can be removed`,
      { refundableQuantity: removable },
    );
  }
  return { kind: 'decrease', seats, creditCents: restOfCycleCents(input.unitPriceCents, seats, input.cycle, input.now), lots: takeSeatsBack(input.lots, seats, input.now) };
}

/** R28: the lots left after `seats` are removed at `now`: the newest addition inside its 168 hours first. */
export function takeSeatsBack(lots: readonly SeatLot[], seats: number, now: Date): SeatLot[] {
  let left = seats;
  const after = lots.map((lot) => ({ ...lot }));
  for (let i = after.length - 1; i >= 0 && left > 0; i--) {
    if (after[i].quantity <= 0 || !insideNewCommerceWindow(now, after[i].addedAt)) continue;
    const taken = Math.min(left, after[i].quantity);
    after[i].quantity -= taken;
    left -= taken;
  }
  return after.filter((lot) => lot.quantity > 0);
}
