import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, StorageOverrides } from '@ledger/infrastructure';
import { WorkerModule } from '@ledger/worker';
import { LedgerCoreModule } from './core.module';

/**
 * The worker side's composition root (the consumer of the log, workflows, the event feed,
 * webhook deliveries, timers, catch-up, under the worker lease): the worker app and the
 * worker process `npm start` forks both build this.
 */
@Module({})
export class WorkerSideModule {
  static forRoot(config: AppConfig, overrides: StorageOverrides = {}): DynamicModule {
    return {
      module: WorkerSideModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.nodeEnv === 'test' ? 'warn' : 'info', base: { side: 'worker' } } }),
        LedgerCoreModule.forRoot(config, overrides),
        WorkerModule,
      ],
    };
  }
}
