export * from './month-figures';
export * from './analytics.projection';
export * from './analytics-queries';
export * from './analytics.providers';
