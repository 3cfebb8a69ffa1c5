export * from './terms';
export * from './reason-codes';
export * from './subscription.events';
export * from './subscription.commands';
export * from './subscription.state';
export * from './subscription.decide';
export * from './effective-at';
export * from './add-on-cascade';
