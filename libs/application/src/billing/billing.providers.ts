import { Provider } from '@nestjs/common';
import { Projection } from '../projections/projection';
import { CustomerLedgerHandler, DashboardSummaryHandler } from './billing-queries';
import { ledgerProjection } from './ledger.projection';

/** Command and query handlers of this feature, registered on the CQRS buses by ApplicationModule. */
export const BILLING_HANDLERS: Provider[] = [CustomerLedgerHandler, DashboardSummaryHandler];

/** Read models of this feature, kept up to date by the worker. */
export const BILLING_PROJECTIONS: Projection[] = [ledgerProjection];
