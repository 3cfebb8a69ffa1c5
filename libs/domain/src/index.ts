export * from './shared';
export * from './customer';
export * from './access/permissions';
export * from './catalog';
export * from './order';
export * from './subscription';
export * from './webhook';
export * from './subscription/new-commerce';
