export * from './timer-poller';
export * from './fire-timers';
export * from './due-work';
export * from './timer-stats';
