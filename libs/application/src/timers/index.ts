export * from './timer-poller';
