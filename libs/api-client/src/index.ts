/**
 * The HTTP API's types, generated from its OpenAPI document (`npm run api-client`), for any
 * TypeScript client: `createClient<paths>({ baseUrl })` from `openapi-fetch` gives typed
 * paths, parameters, bodies and answers. The console (apps/console) uses exactly this.
 */
export type { components, operations, paths } from './ledger-api';

export type Schemas = import('./ledger-api').components['schemas'];
