export * from './export-events';
export * from './rebuild-projections';
export * from './event-hash';
export * from './verify-log';
export * from './store-integrity';
export * from './copy-log';
export * from './compare-logs';
