import { Provider } from '@nestjs/common';
import { Projection } from '../projections/projection';
import { MonthlyAnalyticsHandler } from './analytics-queries';
import { analyticsProjection } from './analytics.projection';

/** Query handlers of this feature, registered on the CQRS buses by ApplicationModule. */
export const ANALYTICS_HANDLERS: Provider[] = [MonthlyAnalyticsHandler];

/** Read models of this feature, kept up to date by the worker. */
export const ANALYTICS_PROJECTIONS: Projection[] = [analyticsProjection];
