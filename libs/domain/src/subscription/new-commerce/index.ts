export * from './billing-cycles';
export * from './reason-codes';
export * from './cancellation-window';
export * from './seats';
export * from './co-terminosity';
export * from './suspension';
export * from './scheduled-changes';
