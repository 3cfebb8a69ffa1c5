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

/** R25, R26: a catalog file holds both programmes; a new price of an option is published by a re-import. */
describe('catalog import with new-commerce offers (R5, R25)', () => {
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

  it('R25: a file with a legacy and a new-commerce offer publishes both; a changed option price republishes only that offer', async () => {
    const deps = { eventStore: store, clock: new TestClock(new Date('2026-03-01T00:00:00Z')), ids: new UuidIdGenerator() };
    const first = await importCatalog(deps, { version: '2026-03', offers: [legacy, newCommerce] }, context);
    expect(first.published).toEqual(['legacy-monthly', 'e3-nce']);
    const events = await store.readStream(CATALOG_STREAM);
    expect(events[1].data.offer).toMatchObject({ program: 'new-commerce', purchaseOptions: [{ termDuration: 'P1Y', billingFrequency: 'monthly', unitPriceCents: 3600 }] });
    const repriced = { ...newCommerce, purchaseOptions: [{ termDuration: 'P1Y', billingFrequency: 'monthly', unitPrice: '39.00' }] };
    const second = await importCatalog(deps, { version: '2026-04', offers: [legacy, repriced] }, context);
    expect(second).toMatchObject({ published: ['e3-nce'], unchanged: 1 });
  });

  it('R25: a malformed option is refused whole, naming the field', async () => {
    const deps = { eventStore: store, clock: new TestClock(new Date('2026-03-01T00:00:00Z')), ids: new UuidIdGenerator() };
    const bad = { ...newCommerce, purchaseOptions: [{ termDuration: 'P2Y', billingFrequency: 'monthly', unitPrice: '36.00' }] };
    await expect(importCatalog(deps, { version: '2026-03', offers: [legacy, bad] }, context)).rejects.toBeInstanceOf(CatalogInvalidError);
    expect(await store.readStream(CATALOG_STREAM)).toEqual([]);
  });
});
