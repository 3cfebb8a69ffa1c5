export * from './ports';
export * from './projections';
export * from './commands';
export * from './customers';
export * from './application.module';
