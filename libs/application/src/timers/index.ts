export * from './timer-poller';
export * from './fire-timers';
