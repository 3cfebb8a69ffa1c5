export * from './import-catalog';
export * from './import-catalog.command';
export * from './catalog-model';
export * from './catalog-reader';
export * from './offers.projection';
export * from './offer-queries';
export * from './demo-catalog-seeder';
