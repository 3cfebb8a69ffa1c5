export * from './log-consumer-worker';
export * from './timer-worker';
export * from './worker-lease';
export * from './worker.module';
export * from './test-clock-worker';
