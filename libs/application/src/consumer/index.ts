export * from './log-processor';
export * from './log-consumer';
export * from './log-consumer-status';
export * from './read-store-processor';
