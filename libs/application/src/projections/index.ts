export * from './projection';
export * from './projection-monitor';
export * from './projection-runner';
export * from './read-store-projection-monitor';
export * from './all-projections';
export * from './find-all';
export * from './projection-activity';
export * from './fold-events';
