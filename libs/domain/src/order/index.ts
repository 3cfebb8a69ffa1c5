export * from './order.events';
export * from './order.commands';
export * from './review-order';
