import { DynamicModule, Module } from '@nestjs/common';
import { ApplicationModule, WebhooksModule } from '@ledger/application';
import { AppConfig, StorageModule, StorageOverrides } from '@ledger/infrastructure';

/**
 * What both sides stand on, built the same way by every way of starting them (`npm start`,
 * `--api-only`, the worker app, the tests): configuration, the stores, clock and ids, the
 * command and query buses, webhooks and the event feed.
 */
@Module({})
export class LedgerCoreModule {
  static forRoot(config: AppConfig, overrides: StorageOverrides = {}): DynamicModule {
    return {
      module: LedgerCoreModule,
      imports: [StorageModule.forRoot(config, overrides), ApplicationModule, WebhooksModule.forRoot(config.webhooks)],
    };
  }
}
