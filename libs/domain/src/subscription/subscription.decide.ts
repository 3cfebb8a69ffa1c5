import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { quantityReasons } from '../catalog/eligibility';
import { SubscriptionCommand } from './subscription.commands';
import { ChargeKind, SubscriptionEvent, TimerKind } from './subscription.events';
import { legacyReactivationCharge, legacyRenewalChargeCents } from './new-commerce/suspension';
import { evolveSubscription, initialSubscriptionState, isTerminal, reactivationOrderId, Subscription, SubscriptionState } from './subscription.state';
import { SUBSCRIPTION_REFUSALS as R, SUSPENSION_REASONS } from './reason-codes';
import { TimerState } from './timer-state';
import { addDays, coTermPriceCents, dataDeletionAt, insideCancellationWindow, invoicePeriod, proRataCents, term } from './terms';

type Context = { now: Date };
type Command<T extends SubscriptionCommand['type']> = Extract<SubscriptionCommand, { type: T }>;

export function decideSubscription(command: SubscriptionCommand, state: SubscriptionState, { now }: Context): SubscriptionEvent[] {
  if (command.type === 'Purchase') return purchase(command, state, now);
  if (state.status === 'none') throw new DomainError(R.notFound, 'no such subscription');
  switch (command.type) {
    case 'Suspend':
      return suspend(command, state, now);
    case 'Reactivate':
      return reactivate(state, now);
    case 'Cancel':
      return cancel(state, now);
    case 'SetAutoRenew':
      return setAutoRenew(command, state, now);
    case 'ChangeQuantity':
      return changeQuantity(command, state, now);
    case 'AttachAddOn':
      requireActive(state, 'buy add-ons for');
      return [{ type: 'AddOnAttached', data: { subscriptionId: state.subscriptionId, addOnSubscriptionId: command.addOnSubscriptionId, offerId: command.offerId, attachedAt: now.toISOString() } }];
    case 'FireTimer':
      return fireTimer(command, state, now);
    case 'EndWithBase':
      return endWithBase(command, state);
    case 'FollowBaseTerm':
      return followBaseTerm(command, state);
  }
}

/**
 * R12, R13: trial first when the offer has one (it cannot be waived), else the first paid
 * term, charged. R15: an add-on bought on a base is co-termed: its first term ends with
 * the base's, charged pro rata for the whole days left of the base's term.
 */
function purchase(command: Command<'Purchase'>, state: SubscriptionState, now: Date): SubscriptionEvent[] {
  if (state.status !== 'none') throw new DomainError(R.exists, `subscription ${command.subscriptionId} already exists`);
  const { offer } = command;
  const base = command.parentSubscriptionId && command.baseTerm && !offer.trialDays ? command.baseTerm : null;
  const trialEndsAt = !base && offer.trialDays ? addDays(now, offer.trialDays) : null;
  const first = base
    ? { startsAt: now, endsAt: new Date(base.termEndsAt) }
    : trialEndsAt
      ? { startsAt: now, endsAt: trialEndsAt }
      : term(now, offer.billingFrequency, 1);
  const events: SubscriptionEvent[] = [
    {
      type: 'SubscriptionPurchased',
      data: {
        subscriptionId: command.subscriptionId,
        customerId: command.customerId,
        partnerId: command.partnerId,
        orderId: command.orderId,
        offer,
        quantity: offer.billingType === 'license' ? command.quantity : null,
        purchasedAt: now.toISOString(),
        trialEndsAt: trialEndsAt?.toISOString() ?? null,
        termStartedAt: first.startsAt.toISOString(),
        termEndsAt: first.endsAt.toISOString(),
        parentSubscriptionId: command.parentSubscriptionId,
        coTerm: base ? { baseSubscriptionId: base.subscriptionId, baseFrequency: base.billingFrequency } : null,
      },
    },
  ];
  if (base) {
    const price = coTermPriceCents(termPrice(offer.billingType, offer.unitPriceCents, command.quantity), offer.billingFrequency, base.billingFrequency);
    events.push(...charge(command, command.orderId, 'purchase', proRataCents(1, price, new Date(base.termStartedAt), new Date(base.termEndsAt), now), now));
  } else if (!trialEndsAt) {
    events.push(...charge(command, command.orderId, 'purchase', termPrice(offer.billingType, offer.unitPriceCents, command.quantity), now));
  }
  return events;
}

function termPrice(billingType: 'license' | 'usage', unitPriceCents: number, quantity: number | null): number {
  // Usage is billed by consumption, outside this ledger: its terms carry no charge here.
  return billingType === 'license' ? unitPriceCents * (quantity ?? 0) : 0;
}

type Owner = Pick<Subscription, 'subscriptionId' | 'customerId' | 'partnerId'>;

function charge(owner: Owner, orderId: string, kind: ChargeKind, amountCents: number, now: Date): SubscriptionEvent[] {
  if (amountCents <= 0) return [];
  const { subscriptionId, customerId, partnerId } = owner;
  return [{ type: 'SubscriptionCharged', data: { subscriptionId, customerId, partnerId, orderId, kind, amountCents, invoicePeriod: invoicePeriod(now), chargedAt: now.toISOString() } }];
}

function credit(owner: Owner, orderId: string, kind: 'cancellation' | 'quantity-decrease', amountCents: number, now: Date): SubscriptionEvent[] {
  if (amountCents <= 0) return [];
  const { subscriptionId, customerId, partnerId } = owner;
  return [{ type: 'SubscriptionCredited', data: { subscriptionId, customerId, partnerId, orderId, kind, amountCents, invoicePeriod: invoicePeriod(now), creditedAt: now.toISOString() } }];
}

function requireLive(state: Subscription): void {
  if (isTerminal(state.status)) {
    throw new DomainError(R.terminal, `subscription ${state.subscriptionId} is ${state.status}: nothing can change it any more`, { currentStatus: state.status });
  }
}

function requireActive(state: Subscription, action: string): void {
  requireLive(state);
  if (state.status !== 'active') {
    throw new DomainError(R.notActive, `cannot ${action} subscription ${state.subscriptionId} while it is ${state.status}: reactivate it first`, { currentStatus: state.status });
  }
}

/** R16: only from active; the data deletion date is fixed now. */
function suspend(command: Command<'Suspend'>, state: Subscription, now: Date): SubscriptionEvent[] {
  if (!SUSPENSION_REASONS.includes(command.reason)) throw new DomainError(R.invalidSuspensionReason, `reason must be one of ${SUSPENSION_REASONS.join(', ')}`);
  requireActive(state, 'suspend');
  const firstBillingAt = new Date(state.trialEndsAt ?? state.createdAt);
  return [{
    type: 'SubscriptionSuspended',
    data: {
      subscriptionId: state.subscriptionId,
      reason: command.reason,
      suspendedAt: now.toISOString(),
      dataDeletionAt: dataDeletionAt(now, new Date(state.createdAt), firstBillingAt).toISOString(),
    },
  }];
}

/** R16: only from suspended, before the data is deleted; same term as before. */
function reactivate(state: Subscription, now: Date): SubscriptionEvent[] {
  requireLive(state);
  if (state.status !== 'suspended') throw new DomainError(R.notSuspended, `subscription ${state.subscriptionId} is ${state.status}, not suspended`, { currentStatus: state.status });
  if (state.dataDeletionAt && now.getTime() >= Date.parse(state.dataDeletionAt)) {
    throw new DomainError(R.dataDeletionPassed, `the data of subscription ${state.subscriptionId} was due for deletion at ${state.dataDeletionAt}: buy a new subscription`);
  }
  const reactivated: SubscriptionEvent = { type: 'SubscriptionReactivated', data: { subscriptionId: state.subscriptionId, reactivatedAt: now.toISOString() } };
  // R16a: in a term that renewed while suspended (not charged), the rest of the term is charged now.
  const bill = legacyReactivationCharge({
    termCharged: state.unbilledTerm !== state.termNumber,
    unitPriceCents: state.coTerm ? coTermPriceCents(state.offer.unitPriceCents, state.offer.billingFrequency, state.coTerm.baseFrequency) : state.offer.unitPriceCents,
    quantity: state.offer.billingType === 'license' ? state.quantity ?? 0 : 0,
    frequency: state.offer.billingFrequency,
    termStartedAt: new Date(state.termStartedAt),
    termEndsAt: new Date(state.termEndsAt),
    reactivatedAt: now,
  });
  return bill ? [reactivated, ...charge(state, reactivationOrderId(state), 'reactivation', bill.amountCents, now)] : [reactivated];
}

/** R12, R17: trial and usage end at once without credit; license inside the window with full credit, after it at term end. */
function cancel(state: Subscription, now: Date): SubscriptionEvent[] {
  requireLive(state);
  if (state.cancelAt) {
    throw new DomainError(R.cancellationScheduled, `subscription ${state.subscriptionId} is already scheduled to cancel at ${state.cancelAt}`, { cancelAt: state.cancelAt });
  }
  const id = state.subscriptionId;
  const cancelled = (mode: 'in-window' | 'trial' | 'usage'): SubscriptionEvent => ({ type: 'SubscriptionCancelled', data: { subscriptionId: id, cancelledAt: now.toISOString(), mode } });
  if (state.inTrial) return [cancelled('trial')];
  if (state.offer.billingType === 'usage') return [cancelled('usage')];
  const order = state.latestOrder!;
  if (insideCancellationWindow(now, new Date(order.at), state.offer.billingFrequency)) {
    return [cancelled('in-window'), ...credit(state, order.orderId, 'cancellation', order.creditableCents, now)];
  }
  return [{ type: 'CancellationScheduled', data: { subscriptionId: id, cancelAt: state.termEndsAt, scheduledAt: now.toISOString() } }];
}

/** R14: while active or suspended; setting the current value changes nothing. */
function setAutoRenew(command: Command<'SetAutoRenew'>, state: Subscription, now: Date): SubscriptionEvent[] {
  requireLive(state);
  if (command.enabled && state.cancelAt) {
    throw new DomainError(R.cancellationScheduled, `subscription ${state.subscriptionId} is scheduled to cancel at ${state.cancelAt}; it cannot renew`);
  }
  if (state.autoRenew === command.enabled) return [];
  return [{ type: 'AutoRenewChanged', data: { subscriptionId: state.subscriptionId, enabled: command.enabled, changedAt: now.toISOString() } }];
}

/** R15: license seats while active and out of trial; increases pro rata, decreases only inside the window. */
function changeQuantity(command: Command<'ChangeQuantity'>, state: Subscription, now: Date): SubscriptionEvent[] {
  requireActive(state, 'change the quantity of');
  if (state.offer.billingType === 'usage') throw new DomainError(R.quantityNotApplicable, 'usage-based subscriptions have no quantity');
  if (state.inTrial) throw new DomainError(R.trialQuantityChange, `subscription ${state.subscriptionId} is in trial until ${state.trialEndsAt}: change the quantity after it converts`);
  const refusal = quantityReasons(state.offer, command.quantity)[0];
  if (refusal) throw new DomainError(R.invalidQuantity, refusal.message);
  const from = state.quantity ?? 0;
  const to = command.quantity;
  if (to === from) return [];
  const id = state.subscriptionId;
  const order = state.latestOrder!;
  const changed: SubscriptionEvent = { type: 'QuantityChanged', data: { subscriptionId: id, from, to, changedAt: now.toISOString() } };
  if (to > from) {
    const amount = proRataCents(to - from, state.offer.unitPriceCents, new Date(state.termStartedAt), new Date(state.termEndsAt), now);
    return [changed, ...charge(state, order.orderId, 'quantity-increase', amount, now)];
  }
  if (!insideCancellationWindow(now, new Date(order.at), state.offer.billingFrequency)) {
    throw new DomainError(R.quantityDecreaseNotAllowed, `seats can only be removed within the cancellation window of the latest order (${order.at}); turn auto-renew off or lower it at renewal instead`);
  }
  return [changed, ...credit(state, order.orderId, 'quantity-decrease', (from - to) * state.offer.unitPriceCents, now)];
}

/** At most this many dated rules in one decision (a century of monthly terms); the rest fire in the next one. */
export const MAX_FIRINGS_PER_DECISION = 1200;

/**
 * R12, R14, R16, R17, R19: a firing applies once, at or after its time, or not at all.
 * Everything else due by now fires in the same decision, earliest first, each at the
 * instant it was due: a year of downtime on a monthly subscription is twelve renewals and
 * twelve charges, dated as they would have been.
 */
function fireTimer(command: Command<'FireTimer'>, state: Subscription, now: Date): SubscriptionEvent[] {
  const named = dueTimers(state).find((t) => t.timer === command.timer && t.dueAt === command.dueAt);
  if (!named || now.getTime() < Date.parse(named.dueAt)) return [];
  const events: SubscriptionEvent[] = [];
  let current: SubscriptionState = state;
  for (let fired = 0; fired < MAX_FIRINGS_PER_DECISION && current.status !== 'none'; fired++) {
    const next = earliestDue(current, now);
    if (!next) break;
    const decided = fireOne(next.timer, next.dueAt, current);
    if (decided.length === 0) break;
    events.push(...decided);
    current = decided.reduce(evolveSubscription, current);
  }
  return events;
}

function earliestDue(state: SubscriptionState, now: Date): { timer: TimerKind; dueAt: string } | null {
  let earliest: { timer: TimerKind; dueAt: string } | null = null;
  for (const timer of dueTimers(state)) {
    const at = Date.parse(timer.dueAt);
    if (at <= now.getTime() && (!earliest || at < Date.parse(earliest.dueAt))) earliest = timer;
  }
  return earliest;
}

function fireOne(timer: TimerKind, at: string, state: Subscription): SubscriptionEvent[] {
  const id = state.subscriptionId;
  switch (timer) {
    case 'trial-end': {
      if (!state.autoRenew) return [{ type: 'SubscriptionExpired', data: { subscriptionId: id, expiredAt: at } }];
      const first = term(new Date(state.anchorAt), state.offer.billingFrequency, 1);
      const orderId = `${id}:conversion`;
      return [
        { type: 'TrialConverted', data: { subscriptionId: id, orderId, termStartedAt: first.startsAt.toISOString(), termEndsAt: first.endsAt.toISOString(), convertedAt: at } },
        ...charge(state, orderId, 'trial-conversion', termPrice(state.offer.billingType, state.offer.unitPriceCents, state.quantity), new Date(at)),
      ];
    }
    case 'term-end': {
      if (!state.autoRenew) return [{ type: 'SubscriptionExpired', data: { subscriptionId: id, expiredAt: at } }];
      const termNumber = state.termNumber + 1;
      const next = term(new Date(state.anchorAt), state.offer.billingFrequency, termNumber);
      // R16a: a renewal that falls while suspended starts the new term without a charge.
      return renewal(state, termNumber, next.startsAt.toISOString(), next.endsAt.toISOString(), at, legacyRenewalChargeCents(state.status, termPrice(state.offer.billingType, state.offer.unitPriceCents, state.quantity)));
    }
    case 'cancel-at':
      return [{ type: 'SubscriptionCancelled', data: { subscriptionId: id, cancelledAt: at, mode: 'scheduled' } }];
    case 'data-deletion':
      return [{ type: 'SubscriptionDataDeleted', data: { subscriptionId: id, deletedAt: at } }];
  }
}

function renewal(state: Subscription, termNumber: number, termStartedAt: string, termEndsAt: string, at: string, amountCents: number): SubscriptionEvent[] {
  const id = state.subscriptionId;
  const orderId = `${id}:renewal:${termNumber}`;
  return [
    { type: 'SubscriptionRenewed', data: { subscriptionId: id, orderId, termNumber, termStartedAt, termEndsAt, renewedAt: at } },
    ...charge(state, orderId, 'renewal', amountCents, new Date(at)),
  ];
}

/**
 * R15: the base started a new term at `at`; a co-termed add-on whose term ended there
 * renews into it (charged for the base's term), or ends there: cancelled when a
 * cancellation was scheduled, expired when auto-renew is off. Already on that term: nothing.
 */
function followBaseTerm(command: Command<'FollowBaseTerm'>, state: Subscription): SubscriptionEvent[] {
  if (isTerminal(state.status) || !state.coTerm) return [];
  if (Date.parse(state.termEndsAt) >= Date.parse(command.termEndsAt)) return [];
  const id = state.subscriptionId;
  if (state.cancelAt) return [{ type: 'SubscriptionCancelled', data: { subscriptionId: id, cancelledAt: command.at, mode: 'scheduled' } }];
  if (!state.autoRenew) return [{ type: 'SubscriptionExpired', data: { subscriptionId: id, expiredAt: command.at } }];
  const price = coTermPriceCents(termPrice(state.offer.billingType, state.offer.unitPriceCents, state.quantity), state.offer.billingFrequency, state.coTerm.baseFrequency);
  return renewal(state, state.termNumber + 1, command.termStartedAt, command.termEndsAt, command.at, legacyRenewalChargeCents(state.status, price));
}

/** R15: the add-on follows its base's ending; one already ended stays as it is. */
function endWithBase(command: Command<'EndWithBase'>, state: Subscription): SubscriptionEvent[] {
  if (isTerminal(state.status)) return [];
  const id = state.subscriptionId;
  switch (command.ending) {
    case 'expired':
      return [{ type: 'SubscriptionExpired', data: { subscriptionId: id, expiredAt: command.at } }];
    case 'cancelled':
      return [{ type: 'SubscriptionCancelled', data: { subscriptionId: id, cancelledAt: command.at, mode: 'with-base' } }];
    case 'deleted':
      return [{ type: 'SubscriptionDataDeleted', data: { subscriptionId: id, deletedAt: command.at } }];
  }
}

/**
 * What will fire next and when (the `due` read model stores these). A term end passed
 * while suspended is handled as R14 at that term end: renew (still suspended) or expire.
 * A co-termed add-on (R15) has no term timers: its base's firing moves it.
 */
export function dueTimers(state: TimerState | { status: 'none' }): Array<{ timer: TimerKind; dueAt: string }> {
  if (state.status === 'none' || isTerminal(state.status)) return [];
  const timers: Array<{ timer: TimerKind; dueAt: string }> = [];
  if (state.coTerm) {
    // Nothing dated of its own but data deletion.
  } else if (state.cancelAt) timers.push({ timer: 'cancel-at', dueAt: state.cancelAt });
  else if (state.inTrial) timers.push({ timer: 'trial-end', dueAt: state.trialEndsAt! });
  else timers.push({ timer: 'term-end', dueAt: state.termEndsAt });
  if (state.status === 'suspended' && state.dataDeletionAt) timers.push({ timer: 'data-deletion', dueAt: state.dataDeletionAt });
  return timers;
}

export const subscriptionDecider: Decider<SubscriptionCommand, SubscriptionEvent, SubscriptionState> = {
  initialState: initialSubscriptionState,
  evolve: evolveSubscription,
  decide: decideSubscription,
};
