import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { Logger, LoggerModule } from 'nestjs-pino';
import { ApplicationModule, StoreIntegrityError } from '@ledger/application';
import { assertStoresIntact, ConfigError, parseAppConfig, StorageModule } from '@ledger/infrastructure';
import { WorkerModule } from '@ledger/worker';

async function main(): Promise<void> {
  const config = parseAppConfig(process.env);
  await assertStoresIntact(config);

  @Module({ imports: [LoggerModule.forRoot(), StorageModule.forRoot(config), ApplicationModule, WorkerModule] })
  class WorkerAppModule {}

  const app = await NestFactory.createApplicationContext(WorkerAppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof StoreIntegrityError ? error.message : error);
  process.exit(1);
});
