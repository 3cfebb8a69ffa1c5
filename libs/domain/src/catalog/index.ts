export * from './segment';
export * from './offer';
export * from './parse-offer';
export * from './catalog.events';
export * from './eligibility';
