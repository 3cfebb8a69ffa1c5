import { customerListProjection } from '../customers/customer-list.projection';
import { CATALOG_PROJECTIONS } from '../catalog/catalog.providers';
import { ORDERING_PROJECTIONS } from '../ordering/ordering.providers';
import { SUBSCRIPTIONS_PROJECTIONS } from '../subscriptions/subscription.providers';
import { BILLING_PROJECTIONS } from '../billing/billing.providers';
import { ANALYTICS_PROJECTIONS } from '../analytics/analytics.providers';
import { INVOICING_PROJECTIONS } from '../invoicing/invoicing.providers';
import { webhookEndpointsProjection } from '../webhooks/webhook-endpoints.projection';
import { Projection } from './projection';

/** Every read model the worker keeps up to date (and the CLI rebuilds and verifies). */
export const ALL_PROJECTIONS: Projection[] = [
  customerListProjection,
  ...CATALOG_PROJECTIONS,
  ...ORDERING_PROJECTIONS,
  ...SUBSCRIPTIONS_PROJECTIONS,
  ...BILLING_PROJECTIONS,
  ...ANALYTICS_PROJECTIONS,
  ...INVOICING_PROJECTIONS,
  webhookEndpointsProjection,
];
