import { CURRENCY, LineDetail, money, Money } from '@ledger/domain';
import { CustomerDocument } from '../customers/customer-list.projection';
import { InvoiceDocument } from './invoices.projection';
import { InvoiceCustomerDocument } from './invoice-customers.projection';
import { InvoiceLineDocument } from './invoice-lines.projection';
import { InvoiceSubscriptionDocument } from './invoice-subscriptions.projection';

/** API.md "Invoices": an invoice without its customers (the list's items). */
export interface InvoiceSummary {
  period: string;
  number: string | null;
  status: 'open' | 'closed';
  billingDate: string;
  closedAt: string | null;
  currency: string;
  charges: Money;
  credits: Money;
  net: Money;
  lineCount: number;
}

export interface InvoiceCustomerTotals {
  customerId: string;
  customerName: string | null;
  charges: Money;
  credits: Money;
  net: Money;
}

export interface InvoiceView extends InvoiceSummary {
  customers: InvoiceCustomerTotals[];
}

export interface InvoiceLine {
  lineId: string;
  customerId: string;
  customerName: string | null;
  subscriptionId: string;
  offerId: string | null;
  offerName: string | null;
  chargeType: string;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  quantity: number | null;
  unitPrice: Money | null;
  /** Negative for credits. */
  amount: Money;
  occurredAt: string;
  effectiveAt: string;
}

/** The CSV's columns: a line's fields in API.md's order. */
export const INVOICE_LINE_COLUMNS = [
  'lineId', 'customerId', 'customerName', 'subscriptionId', 'offerId', 'offerName', 'chargeType',
  'servicePeriodStart', 'servicePeriodEnd', 'quantity', 'unitPrice', 'amount', 'occurredAt', 'effectiveAt',
] as const satisfies readonly (keyof InvoiceLine)[];

export function invoiceSummary(doc: InvoiceDocument): InvoiceSummary {
  return {
    period: doc.period,
    number: doc.number,
    status: doc.status,
    billingDate: doc.billingDate,
    closedAt: doc.closedAt,
    currency: CURRENCY,
    charges: money(doc.chargesCents),
    credits: money(doc.creditsCents),
    net: money(doc.chargesCents - doc.creditsCents),
    lineCount: doc.lineCount,
  };
}

export function customerTotals(doc: InvoiceCustomerDocument, customer: CustomerDocument | undefined): InvoiceCustomerTotals {
  return { customerId: doc.customerId, customerName: customer?.name ?? null, charges: money(doc.chargesCents), credits: money(doc.creditsCents), net: money(doc.chargesCents - doc.creditsCents) };
}

export function invoiceLine(doc: InvoiceLineDocument, subscription: InvoiceSubscriptionDocument | undefined, customer: CustomerDocument | undefined): InvoiceLine {
  const detail: LineDetail | undefined = subscription?.lines[doc.id];
  return {
    lineId: doc.id,
    customerId: doc.customerId,
    customerName: customer?.name ?? null,
    subscriptionId: doc.subscriptionId,
    offerId: subscription?.subscription.offerId ?? null,
    offerName: subscription?.subscription.offerName ?? null,
    chargeType: detail?.chargeType ?? (doc.credit ? 'credit' : 'charge'),
    servicePeriodStart: detail?.servicePeriodStart ?? doc.effectiveAt,
    servicePeriodEnd: detail?.servicePeriodEnd ?? doc.effectiveAt,
    quantity: detail?.quantity ?? null,
    unitPrice: detail?.unitPriceCents == null ? null : money(detail.unitPriceCents),
    amount: money(doc.amountCents),
    occurredAt: doc.occurredAt,
    effectiveAt: doc.effectiveAt,
  };
}
