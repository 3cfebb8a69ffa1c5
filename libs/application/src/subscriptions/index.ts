export * from './subscription-view';
export * from './subscription-streams';
export * from './subscriptions.projection';
export * from './subscription-commands';
export * from './lifecycle.commands';
export * from './subscription-queries';
export * from './add-on-cascade.workflow';
