import { offer } from '../../testing/builders';
import { DomainError } from '../../shared/domain-error';
import { billingCycles, newCommerceTerm, termCharges } from './billing-cycles';
import { planAtRenewal, scheduleChanges, ScheduledChanges, TermPlan } from './scheduled-changes';

const d = (iso: string) => new Date(iso);
const atPurchase = offer({ program: 'new-commerce', unitPriceCents: 0, minQuantity: 1, maxQuantity: 50, purchaseOptions: [
  { termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 },
  { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 43200 },
] });
const atRenewal = offer({ ...atPurchase, purchaseOptions: [
  { termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3800 },
  { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 45600 },
] });
const current: TermPlan = { quantity: 5, termDuration: 'P1Y', billingFrequency: 'monthly' };
const schedule = (changes: ScheduledChanges, state: { status?: string; autoRenew?: boolean } = {}) => () =>
  scheduleChanges({ status: state.status ?? 'active', autoRenew: state.autoRenew ?? true, current, offer: atPurchase, changes });
const refusedWith = (run: () => unknown, code: string) => {
  expect(run).toThrow(DomainError);
  expect(run).toThrow(expect.objectContaining({ code }));
};

describe('R29 changes at renewal', () => {
  it('R29: 8 seats billed annually from the renewal, at the catalog price of that moment: 8 x 456.00 = 3648.00', () => {
    const scheduled = schedule({ quantity: 8, billingFrequency: 'annual' })();
    expect(scheduled).toEqual({ quantity: 8, billingFrequency: 'annual' });
    const plan = planAtRenewal(current, scheduled, atRenewal);
    expect(plan).toEqual({ kind: 'priced', quantity: 8, termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 45600 });
    const next = newCommerceTerm(d('2026-03-01T10:00:00.000Z'), 'P1Y', 2);
    const charges = plan.kind === 'priced' ? termCharges(billingCycles(next.startsAt, plan.billingFrequency, next.endsAt), plan.unitPriceCents, plan.quantity) : [];
    expect(charges.map((c) => [c.effectiveAt.toISOString(), c.amountCents])).toEqual([['2027-03-01T10:00:00.000Z', 364800]]);
  });

  it('R26, R29: without scheduled changes the renewal keeps the plan at the new catalog price: 5 x 38.00 = 190.00 a cycle', () =>
    expect(planAtRenewal(current, null, atRenewal)).toEqual({ kind: 'priced', ...current, unitPriceCents: 3800 }));

  it('R29: a scheduled option the catalog withdrew by the renewal has no price', () =>
    expect(planAtRenewal(current, { billingFrequency: 'annual' }, offer({ ...atPurchase, purchaseOptions: [{ termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3800 }] }))).toEqual({ kind: 'option-withdrawn' }));

  it('R29: only while active with auto-renew on: else scheduled-changes-not-allowed', () => {
    refusedWith(schedule({ quantity: 8 }, { status: 'suspended' }), 'scheduled-changes-not-allowed');
    refusedWith(schedule({ quantity: 8 }, { autoRenew: false }), 'scheduled-changes-not-allowed');
    refusedWith(schedule({}), 'scheduled-changes-not-allowed');
  });

  it('R29: the result must be one of the offer\'s options, within min/max quantity', () => {
    refusedWith(schedule({ termDuration: 'P3Y' }), 'invalid-term');
    refusedWith(schedule({ billingFrequency: 'triennial' }), 'invalid-term');
    refusedWith(schedule({ quantity: 51 }), 'invalid-quantity');
  });
});
