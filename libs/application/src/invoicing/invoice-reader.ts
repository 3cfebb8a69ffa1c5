import { Inject, Injectable } from '@nestjs/common';
import { Filter, Page, READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { CustomerDocument, customerListProjection } from '../customers/customer-list.projection';
import { invoiceId, InvoiceDocument, invoicesProjection } from './invoices.projection';
import { InvoiceCustomerDocument, invoiceCustomersProjection } from './invoice-customers.projection';
import { InvoiceLineDocument, invoiceLinesProjection } from './invoice-lines.projection';
import { InvoiceSubscriptionDocument, invoiceSubscriptionsProjection } from './invoice-subscriptions.projection';
import { customerTotals, InvoiceCustomerTotals, invoiceLine, InvoiceLine, InvoiceSummary, invoiceSummary, InvoiceView } from './invoice-views';

/** Rows read per round trip when a whole invoice is walked (its customers, the CSV). */
const CHUNK = 1000;
/** Customer names a CSV keeps while it streams. */
const NAMES_KEPT = 100_000;

/**
 * Reads the invoicing read models for one partner (R1: every read names the partner, and
 * another partner's invoice is "not found"). Totals come from the documents the
 * projections keep; lines are joined with their subscription's details and customer names
 * a page at a time.
 */
@Injectable()
export class InvoiceReader {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async list(partnerId: string, cursor: string | null, limit: number): Promise<{ items: InvoiceSummary[]; nextCursor: string | null }> {
    const page = await this.readStore.find<InvoiceDocument>(invoicesProjection.collection, { partnerId }, { sort: [{ field: 'period', direction: 'desc' }], cursor, limit });
    return { items: page.items.map(invoiceSummary), nextCursor: page.nextCursor };
  }

  /** Every partner with an invoice for the period (operators' export), a page at a time. */
  async *partnersWithInvoice(period: string): AsyncGenerator<InvoiceDocument> {
    let cursor: string | null = null;
    do {
      const page: Page<InvoiceDocument> = await this.readStore.find<InvoiceDocument>(invoicesProjection.collection, { period }, { sort: [{ field: 'partnerId', direction: 'asc' }], cursor, limit: CHUNK });
      yield* page.items.filter((doc) => doc.lineCount > 0);
      cursor = page.nextCursor;
    } while (cursor);
  }

  async summary(partnerId: string, period: string): Promise<InvoiceSummary> {
    return invoiceSummary(await this.invoice(partnerId, period));
  }

  async get(partnerId: string, period: string): Promise<InvoiceView> {
    const summary = await this.summary(partnerId, period);
    const customers: InvoiceCustomerTotals[] = [];
    for await (const chunk of this.customerChunks(partnerId, period)) customers.push(...chunk);
    return { ...summary, customers };
  }

  async *customerChunks(partnerId: string, period: string): AsyncGenerator<InvoiceCustomerTotals[]> {
    let cursor: string | null = null;
    do {
      const page: Page<InvoiceCustomerDocument> = await this.readStore.find<InvoiceCustomerDocument>(invoiceCustomersProjection.collection, { partnerId, period }, { sort: [{ field: 'customerId', direction: 'asc' }], cursor, limit: CHUNK });
      const names = await this.customers(page.items.map((d) => d.customerId));
      yield page.items.map((doc) => customerTotals(doc, names.get(doc.customerId)));
      cursor = page.nextCursor;
    } while (cursor);
  }

  async lines(partnerId: string, period: string, customerId: string | null, cursor: string | null, limit: number): Promise<{ items: InvoiceLine[]; nextCursor: string | null }> {
    if (customerId) {
      const customer = await this.readStore.get<CustomerDocument>(customerListProjection.collection, customerId);
      if (!customer || customer.partnerId !== partnerId) throw new NotFoundError('customer', customerId);
    }
    await this.invoice(partnerId, period);
    return this.linePage(partnerId, period, customerId, cursor, limit);
  }

  /**
   * Every line of the invoice in log order, a chunk at a time (the CSV streams these); the
   * customers' names are kept across chunks (a customer has many lines).
   */
  async *lineChunks(partnerId: string, period: string): AsyncGenerator<InvoiceLine[]> {
    const names = new Map<string, CustomerDocument>();
    let cursor: string | null = null;
    do {
      const page = await this.linePage(partnerId, period, null, cursor, CHUNK, names);
      yield page.items;
      cursor = page.nextCursor;
      if (names.size > NAMES_KEPT) names.clear();
    } while (cursor);
  }

  /** 404 unless the partner has lines on that period (API.md). */
  async invoice(partnerId: string, period: string): Promise<InvoiceDocument> {
    const doc = await this.readStore.get<InvoiceDocument>(invoicesProjection.collection, invoiceId(partnerId, period));
    if (!doc || doc.partnerId !== partnerId || doc.lineCount === 0) throw new NotFoundError('invoice', period);
    return doc;
  }

  private async linePage(partnerId: string, period: string, customerId: string | null, cursor: string | null, limit: number, names = new Map<string, CustomerDocument>()) {
    const filter: Filter = customerId ? { partnerId, period, customerId } : { partnerId, period };
    const page = await this.readStore.find<InvoiceLineDocument>(invoiceLinesProjection.collection, filter, { sort: [{ field: 'logPosition', direction: 'asc' }], cursor, limit });
    const unnamed = page.items.map((l) => l.customerId).filter((id) => !names.has(id));
    const [subscriptions, found] = await Promise.all([
      this.readStore.getMany<InvoiceSubscriptionDocument>(invoiceSubscriptionsProjection.collection, unique(page.items.map((l) => l.subscriptionId))),
      unnamed.length > 0 ? this.customers(unnamed) : Promise.resolve(new Map<string, CustomerDocument>()),
    ]);
    for (const [id, customer] of found) names.set(id, customer);
    const bySubscription = new Map(subscriptions.map((s) => [s.id, s]));
    return { items: page.items.map((doc) => invoiceLine(doc, bySubscription.get(doc.subscriptionId), names.get(doc.customerId))), nextCursor: page.nextCursor };
  }

  private async customers(ids: string[]): Promise<Map<string, CustomerDocument>> {
    const docs = await this.readStore.getMany<CustomerDocument>(customerListProjection.collection, unique(ids));
    return new Map(docs.map((c) => [c.id, c]));
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
