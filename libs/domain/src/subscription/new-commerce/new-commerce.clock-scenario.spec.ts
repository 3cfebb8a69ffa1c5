import { offer } from '../../testing/builders';
import { Offer, PurchaseOption, snapshotOf } from '../../catalog/offer';
import { formatCents } from '../../shared/money';
import { NewCommerceContext } from './new-commerce.commands';
import { NewCommerceEvent } from './new-commerce.events';
import { decideNewCommerce, newCommerceDueTimers } from './new-commerce.decide';
import { evolveNewCommerce, initialNewCommerceState, NewCommerceState } from './new-commerce.state';

/**
 * A clock scenario in the domain alone (Kill Bill style): two new-commerce subscriptions side
 * by side for three years, every due timer fired at its instant, the catalog raising its
 * prices on 2027-06-01. Every charge is listed with its instant and amount.
 */
const d = (iso: string) => new Date(iso);
const BOUGHT = d('2026-03-01T10:00:00.000Z');
const RAISE = d('2027-06-01T00:00:00.000Z');
const before: Offer = offer({ id: 'e3-nce', program: 'new-commerce', unitPriceCents: 0, minQuantity: 1, maxQuantity: 50, purchaseOptions: [
  { termDuration: 'P3Y', billingFrequency: 'monthly', unitPriceCents: 3400 },
  { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 43200 },
] });
const after: Offer = { ...before, purchaseOptions: [
  { termDuration: 'P3Y', billingFrequency: 'monthly', unitPriceCents: 3600 },
  { termDuration: 'P1Y', billingFrequency: 'annual', unitPriceCents: 45600 },
] };
const catalogAt = (now: Date) => (now.getTime() >= RAISE.getTime() ? after : before);

function run(until: Date) {
  const subscriptions = new Map<string, NewCommerceState>();
  const charges: string[] = [];
  const record = (events: NewCommerceEvent[]) => {
    for (const e of events) if (e.type === 'NewCommerceCharged') charges.push(`${e.data.chargedAt} ${e.data.subscriptionId} ${e.data.kind} ${formatCents(e.data.amountCents)}`);
  };
  const buy = (id: string, option: PurchaseOption, quantity: number) => {
    const ctx: NewCommerceContext = { now: BOUGHT, catalogOffer: before };
    const events = decideNewCommerce({ type: 'PurchaseNewCommerce', subscriptionId: id, customerId: 'c-1', partnerId: 'p-1', orderId: `o-${id}`, offer: snapshotOf(before), option, quantity, coTerm: null }, initialNewCommerceState, ctx);
    record(events);
    subscriptions.set(id, events.reduce(evolveNewCommerce, initialNewCommerceState));
  };
  buy('p3y-monthly', before.purchaseOptions![0], 2);
  buy('p1y-annual', before.purchaseOptions![1], 1);
  for (;;) {
    const due = [...subscriptions].flatMap(([id, state]) => newCommerceDueTimers(state).map((t) => ({ id, ...t }))).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const next = due[0];
    if (!next || Date.parse(next.dueAt) > until.getTime()) break;
    const now = new Date(next.dueAt);
    const state = subscriptions.get(next.id)!;
    const events = decideNewCommerce({ type: 'FireNewCommerceTimer', timer: next.timer, dueAt: next.dueAt }, state, { now, catalogOffer: catalogAt(now) });
    if (events.length === 0) throw new Error(`timer ${next.timer} of ${next.id} at ${next.dueAt} decided nothing: it would fire forever`);
    record(events);
    subscriptions.set(next.id, events.reduce(evolveNewCommerce, state));
  }
  return charges;
}

describe('R26 three years of P3Y billed monthly beside P1Y billed annually (clock scenario)', () => {
  const charges = run(d('2029-03-01T10:00:00.000Z'));
  const of = (id: string) => charges.filter((c) => c.includes(` ${id} `));

  it('R26: P3Y monthly, 2 seats: 36 cycles at the locked 68.00 (the raise does not touch the term), then the renewal at 72.00', () => {
    const p3y = of('p3y-monthly');
    expect(p3y).toHaveLength(37);
    expect(p3y.slice(0, 3)).toEqual([
      '2026-03-01T10:00:00.000Z p3y-monthly purchase 68.00',
      '2026-04-01T10:00:00.000Z p3y-monthly cycle 68.00',
      '2026-05-01T10:00:00.000Z p3y-monthly cycle 68.00',
    ]);
    expect(p3y.slice(1, 36).every((c) => c.endsWith(' cycle 68.00'))).toBe(true);
    expect(p3y[35]).toBe('2029-02-01T10:00:00.000Z p3y-monthly cycle 68.00');
    expect(p3y[36]).toBe('2029-03-01T10:00:00.000Z p3y-monthly renewal 72.00');
  });

  it('R26: P1Y annual, 1 seat: 432.00 at purchase and at the first renewal (before the raise), 456.00 at the later ones', () =>
    expect(of('p1y-annual')).toEqual([
      '2026-03-01T10:00:00.000Z p1y-annual purchase 432.00',
      '2027-03-01T10:00:00.000Z p1y-annual renewal 432.00',
      '2028-03-01T10:00:00.000Z p1y-annual renewal 456.00',
      '2029-03-01T10:00:00.000Z p1y-annual renewal 456.00',
    ]));

  it('R19, R26: every charge has its own instant; the total is 36 x 68.00 + 72.00 + 2 x 432.00 + 2 x 456.00 = 4296.00', () => {
    expect(new Set(charges).size).toBe(charges.length);
    const total = charges.reduce((sum, c) => sum + Math.round(Number(c.split(' ').pop()) * 100), 0);
    expect(formatCents(total)).toBe('4296.00');
  });
});
