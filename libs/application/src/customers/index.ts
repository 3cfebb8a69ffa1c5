export * from './create-customer.command';
export * from './create-customer.handler';
export * from './customer-list.projection';
export * from './customer-queries';
export * from './customer-streams';
