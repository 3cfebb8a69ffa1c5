export * from './config/app-config';
export * from './clock/system-clock';
export * from './clock/test-clock';
export * from './ids/uuid-id-generator';
export * from './storage/storage.module';
export * from './storage/open-stores';
export * from './catalog/demo-catalog';
export * from './storage/assert-stores-intact';
