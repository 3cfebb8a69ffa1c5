import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CATALOG_STREAM } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { systemActor } from '../commands/command-context';
import { importCatalog } from './import-catalog';

export const DEMO_CATALOG = Symbol('DemoCatalog');
export const DEMO_PARTNER = 'demo-partner';

/** A fresh store starts with the demo catalog, so the service is usable at once. */
@Injectable()
export class DemoCatalogSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('catalog');

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(DEMO_CATALOG) private readonly demoCatalog: unknown,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const existing = await this.eventStore.readStream(CATALOG_STREAM, { maxCount: 1 });
    if (existing.length > 0) return;
    const result = await importCatalog(
      { eventStore: this.eventStore, clock: this.clock, ids: this.ids },
      this.demoCatalog,
      { actor: systemActor(DEMO_PARTNER), correlationId: 'demo-catalog-seed', causationId: null },
    );
    this.logger.log(
      `demo catalog loaded (${result.published.length} offers). Mint a token: npm run token -- --partner ${DEMO_PARTNER} --role global-admin`,
    );
  }
}
