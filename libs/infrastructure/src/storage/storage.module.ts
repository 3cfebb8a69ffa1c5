import { ConfigModule, ConfigService } from '@nestjs/config';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { CLOCK, Clock, DEMO_CATALOG, EVENT_STORE, EventStore, ID_GENERATOR, READ_STORE, ReadStore } from '@ledger/application';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SystemClock } from '../clock/system-clock';
import { TestClock } from '../clock/test-clock';
import { UuidIdGenerator } from '../ids/uuid-id-generator';
import { DEMO_CATALOG_FILE } from '../catalog/demo-catalog';
import { openEventStore, openReadStore } from './open-stores';

export interface StorageOverrides {
  clock?: Clock;
}

/** Config, stores, clock and ids for every app (api, worker, cli). Closes the stores on shutdown. */
@Global()
@Module({})
export class StorageModule implements OnApplicationShutdown {
  static forRoot(config: AppConfig, overrides: StorageOverrides = {}): DynamicModule {
    const clock = overrides.clock ?? (config.testClock ? new TestClock() : new SystemClock());
    const providers: Provider[] = [
      { provide: APP_CONFIG, inject: [ConfigService], useFactory: (settings: ConfigService) => settings.getOrThrow<AppConfig>('app') },
      { provide: CLOCK, useValue: clock },
      { provide: ID_GENERATOR, useClass: UuidIdGenerator },
      { provide: DEMO_CATALOG, useValue: DEMO_CATALOG_FILE },
      { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
      { provide: READ_STORE, useFactory: () => openReadStore(config) },
    ];
    return {
      module: StorageModule,
      // Parsed once by parseAppConfig (one clear line per bad setting); ConfigService serves it.
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: config })] })],
      providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.eventStore.close(), this.readStore.close()]);
  }
}
