import fc from 'fast-check';
import { decideSubscription, evolveSubscription, initialSubscriptionState, InvoiceClosed, invoiceNumber, SubscriptionEvent } from '@ledger/domain';
import { purchased } from '@ledger/domain/testing/builders';
import { RecordedEvent } from '../ports/event-store.port';
import { ReadDocument } from '../ports/read-store.port';
import { foldEvents } from '../projections/fold-events';
import { currentEvent } from '../commands/upcasting';
import { projection, recorded } from '../testing/projection-specification';
import { invoiceSubscriptionsProjection } from './invoice-subscriptions.projection';
import { InvoiceLineDocument, invoiceLinesProjection } from './invoice-lines.projection';
import { InvoiceDocument, invoicesProjection } from './invoices.projection';
import { InvoiceCustomerDocument, invoiceCustomersProjection } from './invoice-customers.projection';

const writtenAt = (event: RecordedEvent, occurredAt: string, effectiveAt?: string): RecordedEvent => ({ ...event, metadata: { ...event.metadata, occurredAt, ...(effectiveAt ? { effectiveAt } : {}) } });

// A purchase on 2026-01-31 09:00 (the builders' T0): its charge's invoice period is 2026-02.
const [purchase, charge] = recorded('subscription-s-1', purchased({ quantity: 3, offer: { unitPriceCents: 1250 } }));
const closeFebruary = recorded('invoices-p-1', [
  { type: 'InvoiceClosed', data: { partnerId: 'p-1', period: '2026-02', sequence: 1, number: invoiceNumber(1), billingDate: '2026-02-01T00:00:00.000Z', closedAt: '2026-02-01T00:01:00.000Z' } } satisfies InvoiceClosed,
], { firstPosition: 10 })[0];

describe('invoicing projections', () => {
  it('R32: a charge is a line on its invoice period with the subscription\'s offer, seats, unit price and term', () => {
    projection(invoiceLinesProjection).given(purchase).when(charge).thenDocument(charge.id, { partnerId: 'p-1', period: '2026-02', customerId: 'c-1', subscriptionId: 's-1', amountCents: 3750, credit: false });
    projection(invoiceSubscriptionsProjection)
      .given(purchase)
      .when(charge)
      .thenDocument('s-1', { subscription: { offerId: expect.any(String), quantity: 3, unitPriceCents: 1250 }, lines: { [charge.id]: { chargeType: 'purchase', quantity: 3, unitPriceCents: 1250, servicePeriodStart: '2026-01-31T09:00:00.000Z' } } });
  });

  it('R32: totals per invoice and per customer are kept as lines arrive', () => {
    projection(invoicesProjection).given(purchase).when(charge).thenDocument('p-1:2026-02', { status: 'open', number: null, chargesCents: 3750, creditsCents: 0, lineCount: 1, billingDate: '2026-02-01T00:00:00.000Z' });
    projection(invoiceCustomersProjection).given(purchase).when(charge).thenDocument('p-1:2026-02:c-1', { chargesCents: 3750, creditsCents: 0, lineCount: 1 });
  });

  it('R33: the close gives the invoice its number and closes it', () => {
    projection(invoicesProjection).given(purchase, charge).when(closeFebruary).thenDocument('p-1:2026-02', { status: 'closed', number: 'INV-000001', closedAt: '2026-02-01T00:01:00.000Z', chargesCents: 3750 });
  });

  it('R33: an entry written after its invoice closed lands on the next open invoice, its service period and business time unchanged', () => {
    const late = writtenAt({ ...charge, position: String(11).padStart(16, '0') }, '2026-02-03T08:00:00.000Z', '2026-01-31T09:00:00.000Z');
    projection(invoiceLinesProjection).given(purchase, charge, closeFebruary).when(late).thenDocument(late.id, { period: '2026-03', invoicePeriod: '2026-02', effectiveAt: '2026-01-31T09:00:00.000Z', occurredAt: '2026-02-03T08:00:00.000Z' });
    projection(invoicesProjection).given(purchase, closeFebruary).when(late).thenDocument('p-1:2026-03', { status: 'open', chargesCents: 3750 });
    projection(invoicesProjection).given(purchase, charge, closeFebruary).when(late).thenDocument('p-1:2026-02', { status: 'closed', chargesCents: 3750, lineCount: 1 });
  });

  describe('new commerce (events given directly: the commands do not emit them yet)', () => {
    const offer = { offerId: 'nce-e3', name: 'E3 (NCE)', publisher: 'microsoft', publisherName: null, billingType: 'license', category: 'enterprise', billingFrequency: null, unitPriceCents: 3600, trialDays: null, provisioningUrl: null, addOnOfferIds: [], minQuantity: 1, maxQuantity: 100 };
    const [bought, cycle, credited] = recorded('subscription-n-1', [
      { type: 'NewCommerceSubscriptionPurchased', data: { subscriptionId: 'n-1', customerId: 'c-2', partnerId: 'p-1', orderId: 'o-9', offer, termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600, quantity: 4, purchasedAt: '2026-01-10T00:00:00.000Z', termStartedAt: '2026-01-10T00:00:00.000Z', termEndsAt: '2027-01-10T00:00:00.000Z', customTermEndDate: null, coTermSubscriptionId: null } },
      { type: 'NewCommerceCharged', data: { subscriptionId: 'n-1', customerId: 'c-2', partnerId: 'p-1', orderId: 'o-9', kind: 'cycle', termNumber: 1, cycle: 2, quantity: 4, unitPriceCents: 3600, amountCents: 14400, servicePeriodStart: '2026-02-10T00:00:00.000Z', servicePeriodEnd: '2026-03-10T00:00:00.000Z', invoicePeriod: '2026-03', chargedAt: '2026-02-10T00:00:00.000Z' } },
      { type: 'NewCommerceCredited', data: { subscriptionId: 'n-1', customerId: 'c-2', partnerId: 'p-1', orderId: 'o-9', kind: 'quantity-decrease', quantity: 1, amountCents: 3086, servicePeriodStart: '2026-02-12T00:00:00.000Z', servicePeriodEnd: '2026-03-10T00:00:00.000Z', invoicePeriod: '2026-03', creditedAt: '2026-02-12T00:00:00.000Z' } },
    ]).map((event) => writtenAt(event, `${(event.data as { chargedAt?: string; creditedAt?: string; purchasedAt?: string }).chargedAt ?? (event.data as { creditedAt?: string }).creditedAt ?? '2026-01-10T00:00:00.000Z'}`));

    it('R32: a cycle charge and a seat credit are lines with their own quantity, unit price and service period', () => {
      projection(invoiceLinesProjection).given(bought).when(cycle, credited)
        .thenDocument(cycle.id, { period: '2026-03', customerId: 'c-2', amountCents: 14400, credit: false })
        .thenDocument(credited.id, { period: '2026-03', amountCents: -3086, credit: true });
      projection(invoiceSubscriptionsProjection).given(bought).when(cycle, credited).thenDocument('n-1', {
        subscription: { offerId: 'nce-e3', offerName: 'E3 (NCE)' },
        lines: {
          [cycle.id]: { chargeType: 'cycle', quantity: 4, unitPriceCents: 3600, servicePeriodStart: '2026-02-10T00:00:00.000Z', servicePeriodEnd: '2026-03-10T00:00:00.000Z' },
          [credited.id]: { chargeType: 'quantity-decrease', quantity: 1, unitPriceCents: 3600, servicePeriodStart: '2026-02-12T00:00:00.000Z' },
        },
      });
      projection(invoicesProjection).given(bought).when(cycle, credited).thenDocument('p-1:2026-03', { chargesCents: 14400, creditsCents: 3086, lineCount: 2 });
      projection(invoiceCustomersProjection).given(bought).when(cycle, credited).thenDocument('p-1:2026-03:c-2', { chargesCents: 14400, creditsCents: 3086, lineCount: 2 });
    });
  });

  describe('redelivery (a batch delivered twice changes nothing)', () => {
    for (const subject of [invoiceLinesProjection, invoicesProjection, invoiceCustomersProjection, invoiceSubscriptionsProjection]) {
      it(`R32/R33: ${subject.name}`, () => projection(subject as never).given(purchase, charge, closeFebruary).when(purchase, charge, closeFebruary).thenUnchanged());
    }
  });
});

/** Random histories: subscriptions of random partners and customers bought, resized, renewed and cancelled over months. */
const PARTNERS = ['p-1', 'p-2'];
const CUSTOMERS = ['c-1', 'c-2', 'c-3'];

interface Step {
  subscription: number;
  action: 'increase' | 'decrease' | 'renew' | 'cancel';
  hoursLater: number;
  /** A timer firing this many hours late (0: on time). */
  late: number;
}

const arbitraryHistory = fc.record({
  subscriptions: fc.array(fc.record({ partner: fc.integer({ min: 0, max: 1 }), customer: fc.integer({ min: 0, max: 2 }), quantity: fc.integer({ min: 1, max: 20 }), price: fc.integer({ min: 1, max: 99_999 }) }), { minLength: 1, maxLength: 6 }),
  steps: fc.array(fc.record({ subscription: fc.nat(), action: fc.constantFrom('increase', 'decrease', 'renew', 'cancel'), hoursLater: fc.integer({ min: 1, max: 24 * 40 }), late: fc.constantFrom(0, 0, 0, 30, 24 * 45) }), { maxLength: 30 }),
  redeliver: fc.array(fc.nat(), { maxLength: 10 }),
});

/** Builds the log of a random history through the subscription decider itself, charges and credits included. */
function logOf(history: { subscriptions: Array<{ partner: number; customer: number; quantity: number; price: number }>; steps: Step[] }): RecordedEvent[] {
  const log: RecordedEvent[] = [];
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const states = history.subscriptions.map((s, i) => {
    const events = purchased({ id: `s-${i}`, quantity: s.quantity, offer: { unitPriceCents: s.price, maxQuantity: 1000 }, at: new Date(now) }).map((e) => retarget(e, PARTNERS[s.partner], CUSTOMERS[s.customer]));
    append(log, `subscription-s-${i}`, events, new Date(now));
    return events.reduce(evolveSubscription, initialSubscriptionState);
  });
  for (const step of history.steps) {
    now += step.hoursLater * 3_600_000;
    const index = step.subscription % states.length;
    const state = states[index];
    if (state.status === 'none') continue;
    const at = new Date(now);
    const command =
      step.action === 'renew' ? { type: 'FireTimer' as const, timer: 'term-end' as const, dueAt: state.termEndsAt ?? at.toISOString() }
      : step.action === 'cancel' ? { type: 'Cancel' as const }
      : { type: 'ChangeQuantity' as const, quantity: Math.max(1, (state.quantity ?? 1) + (step.action === 'increase' ? 2 : -1)) };
    if (command.type === 'FireTimer' && Date.parse(command.dueAt) > now) continue;
    let events: SubscriptionEvent[];
    try {
      events = decideSubscription(command as never, state, { now: command.type === 'FireTimer' ? new Date(command.dueAt) : at });
    } catch {
      continue;
    }
    const written = new Date(now + step.late * 3_600_000);
    append(log, `subscription-s-${index}`, events, written, command.type === 'FireTimer' ? command.dueAt : undefined);
    states[index] = events.reduce(evolveSubscription, state);
  }
  return log;
}

function retarget(event: SubscriptionEvent, partnerId: string, customerId: string): SubscriptionEvent {
  return 'partnerId' in event.data ? ({ ...event, data: { ...event.data, partnerId, customerId } } as SubscriptionEvent) : event;
}

function append(log: RecordedEvent[], stream: string, events: SubscriptionEvent[], at: Date, effectiveAt?: string): void {
  const revision = log.filter((e) => e.stream === stream).length;
  for (const event of recorded(stream, events, { firstRevision: revision, firstPosition: log.length + 1 })) log.push(writtenAt(event, at.toISOString(), effectiveAt));
}

function fold(events: RecordedEvent[], batches: RecordedEvent[][]): Record<string, Map<string, ReadDocument | null>> {
  const docs = Object.fromEntries([invoiceLinesProjection, invoicesProjection, invoiceCustomersProjection, invoiceSubscriptionsProjection].map((p) => [p.name, new Map<string, ReadDocument | null>()]));
  for (const batch of [events, ...batches]) {
    const current = batch.map(currentEvent);
    for (const p of [invoiceLinesProjection, invoicesProjection, invoiceCustomersProjection, invoiceSubscriptionsProjection]) foldEvents(p as never, docs[p.name], current);
  }
  return docs;
}

describe('R32 exact sums over random histories', () => {
  it('R32: lines add up to the customer totals, and those to the invoice totals, to the cent, whatever is redelivered', () => {
    const seen = { credits: 0, late: 0 };
    fc.assert(
      fc.property(arbitraryHistory, (history) => {
        const log = logOf(history);
        const redelivered = history.redeliver.map((n) => log.slice(n % log.length, (n % log.length) + 3));
        const docs = fold(log, redelivered);
        expect(docs).toEqual(fold(log, []));
        const lines = [...docs['invoice-lines'].values()] as InvoiceLineDocument[];
        const customers = [...docs['invoice-customers'].values()] as InvoiceCustomerDocument[];
        const invoices = [...docs.invoices.values()] as InvoiceDocument[];
        const charged = log.filter((e) => e.type === 'SubscriptionCharged' || e.type === 'SubscriptionCredited');
        expect(lines).toHaveLength(charged.length);
        for (const invoice of invoices) {
          const own = lines.filter((l) => l.partnerId === invoice.partnerId && l.period === invoice.period);
          const mine = customers.filter((c) => c.partnerId === invoice.partnerId && c.period === invoice.period);
          const net = own.reduce((sum, l) => sum + l.amountCents, 0);
          expect(mine.reduce((sum, c) => sum + c.chargesCents - c.creditsCents, 0)).toBe(net);
          expect(invoice.chargesCents - invoice.creditsCents).toBe(net);
          expect(mine.reduce((sum, c) => sum + c.chargesCents, 0)).toBe(invoice.chargesCents);
          expect(mine.reduce((sum, c) => sum + c.lineCount, 0)).toBe(invoice.lineCount);
          for (const c of mine) expect(own.filter((l) => l.customerId === c.customerId).reduce((sum, l) => sum + l.amountCents, 0)).toBe(c.chargesCents - c.creditsCents);
        }
        // R33: nothing lands on an invoice whose billing date had passed when the entry was written.
        for (const line of lines) expect(Date.parse(`${line.period}-01T00:00:00.000Z`)).toBeGreaterThan(Date.parse(line.occurredAt));
        seen.credits += lines.filter((l) => l.credit).length;
        seen.late += lines.filter((l) => l.period !== l.invoicePeriod).length;
      }),
      { numRuns: 150 },
    );
    // The histories did exercise credits and late entries.
    expect(seen.credits).toBeGreaterThan(0);
    expect(seen.late).toBeGreaterThan(0);
  });
});
