import { Provider } from '@nestjs/common';
import { Projection } from '../projections/projection';
import { OrderContextLoader } from './order-context-loader';
import { GetOrderHandler } from './order-queries';
import { ordersProjection } from './orders.projection';
import { PlaceOrderHandler } from './place-order.handler';
import { OrderCompletion } from './order-completion';
import { OrderCompletionWorkflow } from './order-completion.workflow';
import { SubscriptionCustomerHandler } from './subscription-customer.query';
import { ReviewOrderHandler } from './review-order.query';
import { TermEndDatesHandler } from './term-end-dates.query';

/** Command and query handlers of this feature, registered on the CQRS buses by ApplicationModule. */
export const ORDERING_HANDLERS: Provider[] = [OrderContextLoader, OrderCompletion, OrderCompletionWorkflow, PlaceOrderHandler, ReviewOrderHandler, TermEndDatesHandler, GetOrderHandler, SubscriptionCustomerHandler];

/** Read models of this feature, kept up to date by the worker. */
export const ORDERING_PROJECTIONS: Projection[] = [ordersProjection];
