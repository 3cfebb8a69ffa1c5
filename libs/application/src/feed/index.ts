export * from './integration-event';
export * from './subscription-customers';
export * from './event-feed.model';
export * from './event-feed.rows';
export * from './event-feed.writer';
export * from './event-feed.queries';
