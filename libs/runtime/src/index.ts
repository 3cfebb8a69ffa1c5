export * from './core.module';
export * from './worker-side.module';
export * from './worker-messages';
export * from './run-worker-side';
export * from './worker-process';
