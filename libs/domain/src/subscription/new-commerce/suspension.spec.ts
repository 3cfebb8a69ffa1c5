import { DomainError } from '../../shared/domain-error';
import { billingCycles, cycleChargeCents, cyclesDue, newCommerceTerm } from './billing-cycles';
import {
  legacyCancelCreditAfterReactivation,
  legacyReactivationCharge,
  legacyRenewalChargeCents,
  newCommerceCycleCharged,
  newCommerceTermEndOutcome,
  reactivateNewCommerce,
  suspendNewCommerce,
} from './suspension';

const d = (iso: string) => new Date(iso);
const refusedWith = (run: () => unknown, code: string) => {
  expect(run).toThrow(DomainError);
  expect(run).toThrow(expect.objectContaining({ code }));
};

describe('R31 new-commerce suspension across a cycle start and a term end (P1Y billed monthly from 2026-03-01 10:00, 2 x 36.00)', () => {
  const term = newCommerceTerm(d('2026-03-01T10:00:00.000Z'), 'P1Y', 1);
  const cycles = billingCycles(term.startsAt, 'monthly', term.endsAt);
  const suspension = suspendNewCommerce({ status: 'active', reason: 'non-payment', now: d('2026-04-15T00:00:00.000Z') });

  it('R31: suspending turns auto-renew off, removes scheduled changes and sets no data-deletion date', () =>
    expect(suspension).toEqual({ suspendedAt: d('2026-04-15T00:00:00.000Z'), reason: 'non-payment', autoRenew: false, scheduledChanges: null, dataDeletionAt: null }));

  it('R31: the cycle starting on 2026-05-01 while suspended is still charged: 72.00 at 2026-05-01 10:00', () => {
    const due = cyclesDue(cycles, 2, d('2026-05-20T00:00:00.000Z'));
    expect(due.map((c) => c.startsAt)).toEqual([d('2026-05-01T10:00:00.000Z')]);
    expect(newCommerceCycleCharged('suspended')).toBe(true);
    expect(cycleChargeCents(due[0], 3600, 2)).toBe(7200);
  });

  it('R31: still suspended at the term end, it expires (auto-renew cannot renew a suspended one)', () => {
    expect(newCommerceTermEndOutcome({ status: 'suspended', autoRenew: false })).toBe('expire');
    expect(newCommerceTermEndOutcome({ status: 'suspended', autoRenew: true })).toBe('expire');
  });

  it('R31: reactivated before the term end, auto-renew stays off: it expires unless turned on again', () => {
    const reactivated = reactivateNewCommerce({ status: 'suspended', termEndsAt: term.endsAt, now: d('2027-02-28T23:59:59.999Z') });
    expect(reactivated).toEqual({ reactivatedAt: d('2027-02-28T23:59:59.999Z'), autoRenew: false });
    expect(newCommerceTermEndOutcome({ status: 'active', autoRenew: reactivated.autoRenew })).toBe('expire');
    expect(newCommerceTermEndOutcome({ status: 'active', autoRenew: true })).toBe('renew');
  });

  it('R31: at or after the term end it cannot be reactivated (it has expired, even if that is not yet recorded)', () =>
    refusedWith(() => reactivateNewCommerce({ status: 'suspended', termEndsAt: term.endsAt, now: term.endsAt }), 'subscription-terminal'));

  it('R31: only an active subscription is suspended, only a suspended one reactivated', () => {
    refusedWith(() => suspendNewCommerce({ status: 'suspended', reason: 'fraud', now: d('2026-05-01T00:00:00.000Z') }), 'subscription-not-active');
    refusedWith(() => suspendNewCommerce({ status: 'active', reason: 'bored', now: d('2026-05-01T00:00:00.000Z') }), 'invalid-suspension-reason');
    refusedWith(() => reactivateNewCommerce({ status: 'active', termEndsAt: term.endsAt, now: d('2026-05-01T00:00:00.000Z') }), 'subscription-not-suspended');
  });

  it('R31: cancelled or expired subscriptions are not charged', () => {
    expect(newCommerceCycleCharged('cancelled')).toBe(false);
    expect(newCommerceCycleCharged('expired')).toBe(false);
    expect(newCommerceTermEndOutcome({ status: 'cancelled', autoRenew: false })).toBe('none');
  });
});

describe('R16a legacy suspension bills nothing; the reactivation bills the rest of the term', () => {
  // Monthly legacy offer, 3 x 10.00, bought 2026-01-31 09:00, suspended 2026-02-20, renewed while suspended on 2026-02-28 09:00.
  const monthly = { unitPriceCents: 1000, quantity: 3, frequency: 'monthly' as const, termStartedAt: d('2026-02-28T09:00:00.000Z'), termEndsAt: d('2026-03-31T09:00:00.000Z') };

  it('R16a: a renewal that falls while suspended is not charged; an active one is', () => {
    expect(legacyRenewalChargeCents('suspended', 3000)).toBe(0);
    expect(legacyRenewalChargeCents('active', 3000)).toBe(3000);
  });

  it('R16a: reactivated on 2026-03-10 12:00: 20 whole days of 31 left: 30.00 x 20/31 = 19.354 -> 19.35, window of 24 h', () =>
    expect(legacyReactivationCharge({ ...monthly, termCharged: false, reactivatedAt: d('2026-03-10T12:00:00.000Z') })).toEqual({ amountCents: 1935, cancellationWindowEndsAt: d('2026-03-11T12:00:00.000Z') }));

  it('R16a: annual, 2 x 120.00, reactivated 100 days into a 365-day term: 240.00 x 265/365 = 174.246 -> 174.25, window of 14 days', () =>
    expect(legacyReactivationCharge({ unitPriceCents: 12000, quantity: 2, frequency: 'annual', termStartedAt: d('2027-01-31T09:00:00.000Z'), termEndsAt: d('2028-01-31T09:00:00.000Z'), termCharged: false, reactivatedAt: d('2027-05-11T09:00:00.000Z') }))
      .toEqual({ amountCents: 17425, cancellationWindowEndsAt: d('2027-05-25T09:00:00.000Z') }));

  it('R16a: reactivating in a term that was charged charges nothing (and nothing already charged is credited)', () =>
    expect(legacyReactivationCharge({ ...monthly, termCharged: true, reactivatedAt: d('2026-03-10T12:00:00.000Z') })).toBeNull());

  it('R16a, R17: a cancel inside the reactivation window credits the reactivation charge; after it, nothing (R17 schedules)', () => {
    const reactivatedAt = d('2026-03-10T12:00:00.000Z');
    expect(legacyCancelCreditAfterReactivation({ reactivationChargeCents: 1935, reactivatedAt, frequency: 'monthly', now: d('2026-03-11T12:00:00.000Z') })).toBe(1935);
    expect(legacyCancelCreditAfterReactivation({ reactivationChargeCents: 1935, reactivatedAt, frequency: 'monthly', now: d('2026-03-11T12:00:00.001Z') })).toBeNull();
  });
});
