export * from './ports';
export * from './projections/projection';
export * from './projections/projection-monitor';
export * from './commands';
export * from './customers';
export * from './application.module';
export * from './projections/all-projections';
