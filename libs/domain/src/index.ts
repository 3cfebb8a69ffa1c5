export * from './shared';
export * from './customer';
