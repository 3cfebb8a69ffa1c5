export * from './ledger.projection';
export * from './billing-queries';
