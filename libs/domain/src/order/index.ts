export * from './order.events';
export * from './order.commands';
export * from './review-order';
export * from './add-on-order';
export * from './new-commerce-line';
