import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogInvalidError, importCatalog } from '@ledger/application';
import { CATALOG_STREAM } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { TestClock } from '@ledger/infrastructure/clock/test-clock';
import { UuidIdGenerator } from '@ledger/infrastructure/ids/uuid-id-generator';

const legacy = { id: 'legacy-monthly', name: 'Legacy', publisher: 'microsoft', billingType: 'license', category: 'small-business', billingFrequency: 'monthly', unitPrice: '6.00', segments: ['commercial'], countries: 'all', minQuantity: 1, maxQuantity: 300 };
const newCommerce = {
  id: 'e3-nce',
  name: 'E3 (new commerce)',
  publisher: 'microsoft',
  billingType: 'license',
  category: 'enterprise',
  program: 'new-commerce',
  purchaseOptions: [{ termDuration: 'P1Y', billingFrequency: 'monthly', unitPrice: '36.00' }],
  segments: ['commercial'],
  countries: 'all',
  minQuantity: 1,
  maxQuantity: 300,
};

/**
 * R25 is known to the domain but not wired into ordering, billing and the read side yet
 * (issue 20): a catalog holding a new-commerce offer is refused whole, naming the offer,
 * so nothing is sold under the wrong programme's rules.
 */
describe('catalog import while new commerce is not wired (R5, R25)', () => {
  let dir: string;
  let store: SqliteEventStore;
  const context = { actor: { userId: 'ops', partnerId: 'vendor', roles: ['global-admin'] }, correlationId: 'import', causationId: null };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-import-'));
    store = SqliteEventStore.open(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('R25: a file with a new-commerce offer is refused whole, naming it; a legacy file is published', async () => {
    const deps = { eventStore: store, clock: new TestClock(new Date('2026-03-01T00:00:00Z')), ids: new UuidIdGenerator() };
    const refused = importCatalog(deps, { version: '2026-03', offers: [legacy, newCommerce] }, context);
    await expect(refused).rejects.toBeInstanceOf(CatalogInvalidError);
    await expect(refused).rejects.toMatchObject({ errors: [{ field: 'offers[1].program', message: expect.stringContaining('e3-nce') }] });
    expect(await store.readStream(CATALOG_STREAM)).toEqual([]);

    const imported = await importCatalog(deps, { version: '2026-03', offers: [legacy] }, context);
    expect(imported.published).toEqual(['legacy-monthly']);
  });
});
