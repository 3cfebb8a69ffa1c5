export * from './workflow';
export * from './workflow-runner';
