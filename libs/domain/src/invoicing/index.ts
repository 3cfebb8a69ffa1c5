export * from './invoice-period';
export * from './invoice.events';
export * from './invoice.decide';
export * from './invoice-line';
