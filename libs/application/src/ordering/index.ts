export * from './order-requests';
export * from './order-view';
export * from './place-order.handler';
export * from './review-order.query';
export * from './orders.projection';
export * from './order-queries';
export * from './subscription-customer.query';
