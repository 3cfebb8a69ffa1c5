export * from './shared';
export * from './customer';
export * from './access/permissions';
