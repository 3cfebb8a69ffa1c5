export * from './command-context';
export * from './application-errors';
export * from './stream-decision';
export * from './upcasting';
export * from './stream-lock';
export * from './deterministic-id';
export * from './stream-state-cache';
