export * from './export-events';
export * from './rebuild-projections';
