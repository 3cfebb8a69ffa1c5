export * from './customer.events';
export * from './customer.commands';
export * from './customer.state';
export * from './customer.decide';
