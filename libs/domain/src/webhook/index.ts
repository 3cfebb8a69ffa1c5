export * from './webhook.events';
export * from './webhook.commands';
export * from './webhook.state';
export * from './webhook.decide';
