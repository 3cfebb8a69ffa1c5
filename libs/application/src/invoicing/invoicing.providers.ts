import { Provider } from '@nestjs/common';
import { Projection } from '../projections/projection';
import { InvoiceClosing } from './invoice-closing';
import { InvoiceReader } from './invoice-reader';
import { invoiceCustomersProjection } from './invoice-customers.projection';
import { invoiceLinesProjection } from './invoice-lines.projection';
import { invoiceSubscriptionsProjection } from './invoice-subscriptions.projection';
import { invoicesProjection } from './invoices.projection';

/** Services of this feature: the reader (API, CLI) and the closing rule (timer loop). */
export const INVOICING_PROVIDERS: Provider[] = [InvoiceReader, InvoiceClosing];

/** Read models of this feature, kept up to date by the worker. */
export const INVOICING_PROJECTIONS: Projection[] = [invoiceSubscriptionsProjection, invoiceLinesProjection, invoicesProjection, invoiceCustomersProjection];
