import { Decider } from '../../shared/decider';
import { DomainError } from '../../shared/domain-error';
import { Offer } from '../../catalog/offer';
import { SUBSCRIPTION_REFUSALS as R } from '../reason-codes';
import { invoicePeriod } from '../terms';
import { BillingCycle, cycleChargeCents, cyclesDue, newCommerceTerm, newCommerceTermEnd, nextCycleStart } from './billing-cycles';
import { cancelNewCommerce } from './cancellation-window';
import { NewCommerceCommand, NewCommerceContext } from './new-commerce.commands';
import { NewCommerceChargeKind, NewCommerceEvent } from './new-commerce.events';
import { currentCycle, currentTermCycles, evolveNewCommerce, initialNewCommerceState, NewCommerceState, NewCommerceSubscription } from './new-commerce.state';
import { planAtRenewal, scheduleChanges } from './scheduled-changes';
import { changeSeats } from './seats';
import { newCommerceCycleCharged, newCommerceTermEndOutcome, reactivateNewCommerce, suspendNewCommerce } from './suspension';

type Command<T extends NewCommerceCommand['type']> = Extract<NewCommerceCommand, { type: T }>;

/** R25-R31: decide one command on a new-commerce subscription (events or DomainError with a SPEC code). */
export function decideNewCommerce(command: NewCommerceCommand, state: NewCommerceState, context: NewCommerceContext): NewCommerceEvent[] {
  const { now } = context;
  if (command.type === 'PurchaseNewCommerce') return purchase(command, state, now);
  if (state.status === 'none') throw new DomainError(R.notFound, 'no such subscription');
  const s = state;
  switch (command.type) {
    case 'FireNewCommerceTimer':
      return fireTimers(command, s, context);
    case 'CancelNewCommerce':
      return cancel(s, now);
    case 'ChangeSeats':
      return seats(command, s, now);
    case 'SuspendNewCommerce': {
      requireLive(s, 'suspend');
      const suspension = suspendNewCommerce({ status: s.status, reason: command.reason, now });
      return [{ type: 'NewCommerceSubscriptionSuspended', data: { subscriptionId: s.subscriptionId, reason: suspension.reason, suspendedAt: now.toISOString() } }];
    }
    case 'ReactivateNewCommerce': {
      requireLive(s, 'reactivate');
      reactivateNewCommerce({ status: s.status, termEndsAt: new Date(s.termEndsAt), now });
      return [{ type: 'NewCommerceSubscriptionReactivated', data: { subscriptionId: s.subscriptionId, reactivatedAt: now.toISOString() } }];
    }
    case 'SetNewCommerceAutoRenew': {
      requireLive(s, 'change auto-renew of');
      if (s.autoRenew === command.enabled) return [];
      const changed: NewCommerceEvent = { type: 'NewCommerceAutoRenewChanged', data: { subscriptionId: s.subscriptionId, enabled: command.enabled, changedAt: now.toISOString() } };
      return !command.enabled && s.scheduledChanges ? [changed, removed(s, 'auto-renew-turned-off', now)] : [changed];
    }
    case 'ScheduleChanges': {
      requireLive(s, 'schedule changes for');
      const changes = scheduleChanges({ status: s.status, autoRenew: s.autoRenew, current: plan(s), offer: catalogOf(s, context), changes: command.changes });
      return [{ type: 'NewCommerceChangesScheduled', data: { subscriptionId: s.subscriptionId, changes, scheduledAt: now.toISOString() } }];
    }
    case 'RemoveScheduledChanges':
      return s.scheduledChanges ? [removed(s, 'removed', now)] : [];
  }
}

export const newCommerceDecider: Decider<NewCommerceCommand, NewCommerceEvent, NewCommerceState, NewCommerceContext> = {
  initialState: initialNewCommerceState,
  evolve: evolveNewCommerce,
  decide: decideNewCommerce,
};

/** R19, R26: the timers of the due model: the next cycle start and the term end, while the subscription runs. */
export function newCommerceDueTimers(state: NewCommerceState): Array<{ timer: 'cycle-start' | 'term-end'; dueAt: string }> {
  if (state.status !== 'active' && state.status !== 'suspended') return [];
  const next = nextCycleStart(currentTermCycles(state), state.lastChargedCycle);
  return [...(next ? [{ timer: 'cycle-start' as const, dueAt: next.toISOString() }] : []), { timer: 'term-end', dueAt: state.termEndsAt }];
}

function requireLive(s: NewCommerceSubscription, action: string): void {
  if (s.status === 'cancelled' || s.status === 'expired') throw new DomainError(R.terminal, `subscription ${s.subscriptionId} is ${s.status}: cannot ${action} it`);
}

function plan(s: NewCommerceSubscription) {
  return { quantity: s.quantity, termDuration: s.termDuration, billingFrequency: s.billingFrequency };
}

/** The catalog offer of now, or (without one) the subscription's own plan at its locked price. */
function catalogOf(s: NewCommerceSubscription, context: NewCommerceContext): Pick<Offer, 'program' | 'purchaseOptions' | 'name' | 'minQuantity' | 'maxQuantity'> {
  return context.catalogOffer ?? {
    name: s.offer.name,
    program: 'new-commerce',
    purchaseOptions: [{ termDuration: s.termDuration, billingFrequency: s.billingFrequency, unitPriceCents: s.unitPriceCents }],
    minQuantity: s.offer.minQuantity,
    maxQuantity: s.offer.maxQuantity,
  };
}

function removed(s: NewCommerceSubscription, why: 'removed' | 'quantity-changed' | 'auto-renew-turned-off', now: Date): NewCommerceEvent {
  return { type: 'NewCommerceScheduledChangesRemoved', data: { subscriptionId: s.subscriptionId, why, removedAt: now.toISOString() } };
}

function cycleCharge(s: NewCommerceSubscription, cycle: BillingCycle, kind: NewCommerceChargeKind): NewCommerceEvent {
  const at = cycle.startsAt.toISOString();
  return {
    type: 'NewCommerceCharged',
    data: {
      subscriptionId: s.subscriptionId,
      customerId: s.customerId,
      partnerId: s.partnerId,
      orderId: s.latestOrderId,
      kind: cycle.cut ? 'co-term' : kind,
      termNumber: s.termNumber,
      cycle: cycle.index,
      quantity: s.quantity,
      unitPriceCents: s.unitPriceCents,
      amountCents: cycleChargeCents(cycle, s.unitPriceCents, s.quantity),
      servicePeriodStart: at,
      servicePeriodEnd: cycle.endsAt.toISOString(),
      invoicePeriod: invoicePeriod(cycle.startsAt),
      chargedAt: at,
    },
  };
}

/** R25, R26, R30: the purchase starts the first term (regular, or co-termed) and charges its first cycle. */
function purchase(command: Command<'PurchaseNewCommerce'>, state: NewCommerceState, now: Date): NewCommerceEvent[] {
  if (state.status !== 'none') throw new DomainError(R.exists, `subscription ${command.subscriptionId} already exists`);
  const { option } = command;
  const termEndsAt = command.coTerm ? command.coTerm.date : newCommerceTermEnd(now, option.termDuration);
  const purchased: NewCommerceEvent = {
    type: 'NewCommerceSubscriptionPurchased',
    data: {
      subscriptionId: command.subscriptionId,
      customerId: command.customerId,
      partnerId: command.partnerId,
      orderId: command.orderId,
      offer: command.offer,
      termDuration: option.termDuration,
      billingFrequency: option.billingFrequency,
      unitPriceCents: option.unitPriceCents,
      quantity: command.quantity,
      purchasedAt: now.toISOString(),
      termStartedAt: now.toISOString(),
      termEndsAt: termEndsAt.toISOString(),
      customTermEndDate: command.coTerm ? command.coTerm.date.toISOString() : null,
      coTermSubscriptionId: command.coTerm?.subscriptionId ?? null,
    },
  };
  const s = evolveNewCommerce(state, purchased) as NewCommerceSubscription;
  return [purchased, cycleCharge(s, currentTermCycles(s)[0], 'purchase')];
}

/**
 * R19, R26, R29, R31: everything due at or before now, in order and each at its own
 * instant: the cycle starts (charged while active or suspended), then at the term end the
 * renewal (the plan with scheduled changes, at the catalog price, its first cycle charged)
 * or the expiry; again for every later term already due after a long outage.
 */
function fireTimers(command: Command<'FireNewCommerceTimer'>, state: NewCommerceSubscription, context: NewCommerceContext): NewCommerceEvent[] {
  const { now } = context;
  if (Date.parse(command.dueAt) > now.getTime()) return [];
  const events: NewCommerceEvent[] = [];
  let s = state;
  const apply = (event: NewCommerceEvent) => {
    events.push(event);
    s = evolveNewCommerce(s, event) as NewCommerceSubscription;
  };
  while (s.status === 'active' || s.status === 'suspended') {
    if (newCommerceCycleCharged(s.status)) for (const cycle of cyclesDue(currentTermCycles(s), s.lastChargedCycle, now)) apply(cycleCharge(s, cycle, 'cycle'));
    const termEnd = new Date(s.termEndsAt);
    if (termEnd.getTime() > now.getTime()) break;
    const outcome = newCommerceTermEndOutcome(s);
    const next = outcome === 'renew' ? planAtRenewal(plan(s), s.scheduledChanges, catalogOf(s, context)) : null;
    if (!next || next.kind === 'option-withdrawn') {
      const why = s.status === 'suspended' ? 'suspended' : next ? 'option-withdrawn' : 'auto-renew-off';
      apply({ type: 'NewCommerceSubscriptionExpired', data: { subscriptionId: s.subscriptionId, expiredAt: s.termEndsAt, why } });
      break;
    }
    const onAnchor = next.termDuration === s.termDuration && newCommerceTerm(new Date(s.anchorAt), s.termDuration, s.termSinceAnchor + 1).startsAt.getTime() === termEnd.getTime();
    const endsAt = onAnchor ? newCommerceTerm(new Date(s.anchorAt), s.termDuration, s.termSinceAnchor + 1).endsAt : newCommerceTermEnd(termEnd, next.termDuration);
    const termNumber = s.termNumber + 1;
    apply({
      type: 'NewCommerceSubscriptionRenewed',
      data: {
        subscriptionId: s.subscriptionId,
        orderId: `${s.subscriptionId}:renewal:${termNumber}`,
        termNumber,
        termDuration: next.termDuration,
        billingFrequency: next.billingFrequency,
        quantity: next.quantity,
        unitPriceCents: next.unitPriceCents,
        termStartedAt: s.termEndsAt,
        termEndsAt: endsAt.toISOString(),
        renewedAt: s.termEndsAt,
      },
    });
    apply(cycleCharge(s, currentTermCycles(s)[0], 'renewal'));
  }
  return events;
}

/** R27: inside the 168 hours: cancelled at once with the current cycle's pro-rata credit; after: cancellation-window-passed. */
function cancel(s: NewCommerceSubscription, now: Date): NewCommerceEvent[] {
  requireLive(s, 'cancel');
  const cycle = currentCycle(s, now);
  const charged = cycleChargeCents(cycle, s.unitPriceCents, s.quantity);
  const { creditCents } = cancelNewCommerce({ latestOrderAt: new Date(s.latestOrderAt), cycle, cycleChargeCents: charged, now });
  const events: NewCommerceEvent[] = [{ type: 'NewCommerceSubscriptionCancelled', data: { subscriptionId: s.subscriptionId, cancelledAt: now.toISOString() } }];
  if (creditCents > 0) {
    events.push({
      type: 'NewCommerceCredited',
      data: { subscriptionId: s.subscriptionId, customerId: s.customerId, partnerId: s.partnerId, orderId: s.latestOrderId, kind: 'cancellation', quantity: s.quantity, amountCents: creditCents, servicePeriodStart: now.toISOString(), servicePeriodEnd: cycle.endsAt.toISOString(), invoicePeriod: invoicePeriod(now), creditedAt: now.toISOString() },
    });
  }
  return events;
}

/** R28: seats added (charged for the rest of the cycle) or removed inside their 168 hours (credited); R29: a change removes scheduled changes. */
function seats(command: Command<'ChangeSeats'>, s: NewCommerceSubscription, now: Date): NewCommerceEvent[] {
  requireLive(s, 'change the seats of');
  const cycle = currentCycle(s, now);
  const change = changeSeats({
    status: s.status,
    inTrial: false,
    quantity: s.quantity,
    newQuantity: command.quantity,
    minQuantity: s.offer.minQuantity,
    maxQuantity: s.offer.maxQuantity,
    unitPriceCents: s.unitPriceCents,
    cycle,
    lots: s.seatLots.map((lot) => ({ quantity: lot.quantity, addedAt: new Date(lot.addedAt) })),
    now,
  });
  if (change.kind === 'unchanged') return [];
  const at = now.toISOString();
  const owner = { subscriptionId: s.subscriptionId, customerId: s.customerId, partnerId: s.partnerId, orderId: s.latestOrderId };
  const period = { servicePeriodStart: at, servicePeriodEnd: cycle.endsAt.toISOString(), invoicePeriod: invoicePeriod(now) };
  const events: NewCommerceEvent[] = [{ type: 'NewCommerceSeatsChanged', data: { subscriptionId: s.subscriptionId, from: s.quantity, to: command.quantity, changedAt: at } }];
  if (change.kind === 'increase') {
    events.push({ type: 'NewCommerceCharged', data: { ...owner, ...period, kind: 'quantity-increase', termNumber: s.termNumber, cycle: cycle.index, quantity: change.seats, unitPriceCents: s.unitPriceCents, amountCents: change.chargeCents, chargedAt: at } });
  } else {
    events.push({ type: 'NewCommerceCredited', data: { ...owner, ...period, kind: 'quantity-decrease', quantity: change.seats, amountCents: change.creditCents, creditedAt: at } });
  }
  if (s.scheduledChanges) events.push(removed(s, 'quantity-changed', now));
  return events;
}
