import demoCatalog from './demo-catalog.json';

/** The versioned demo catalog shipped with the repo (seeded into a fresh store). */
export const DEMO_CATALOG_FILE: unknown = demoCatalog;
