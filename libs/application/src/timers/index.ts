export * from './timer-poller';
export * from './fire-timers';
export * from './due-work';
export * from './due.projection';
export * from './timer-loop';
export * from './timer-stats';
export * from './shared-test-clock';
