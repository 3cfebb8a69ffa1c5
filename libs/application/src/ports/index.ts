export * from './event-store.port';
export * from './read-store.port';
export * from './clock.port';
export * from './id-generator.port';
export * from './log-import.port';
