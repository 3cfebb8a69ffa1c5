import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { PROJECTION_ACTIVITY, ProjectionActivity } from '@ledger/application';
import { AppConfig, StorageOverrides } from '@ledger/infrastructure';
import { WorkerSideModule } from './worker-side.module';
import { WorkerMessage } from './worker-messages';

/**
 * Starts the worker side in this process: the worker app (`node dist/apps/worker/src/main.js`)
 * and the worker process `npm start` forks. When started by an api process (an IPC channel
 * is open), it relays each read-model commit and its catch-up progress there (so requests
 * waiting on `consistentWith` wake at once), and shuts down when that process goes away,
 * kill -9 included (the channel closes).
 */
export async function runWorkerSide(config: AppConfig, overrides: StorageOverrides = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerSideModule.forRoot(config, overrides), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const send = process.send?.bind(process);
  const forked = send !== undefined && process.connected;
  // Forked by an api: a Ctrl-C reaches the whole process group, but the api decides when its worker stops (SIGTERM).
  if (forked) process.on('SIGINT', () => undefined);
  app.enableShutdownHooks(forked ? ['SIGTERM'] : undefined);
  if (send && forked) {
    const relay = (message: WorkerMessage) => {
      if (process.connected) send(message, undefined, {}, () => undefined);
    };
    app.get<ProjectionActivity>(PROJECTION_ACTIVITY).listen((change) => relay({ type: 'activity', change }));
    process.once('disconnect', () => {
      void app.close().finally(() => process.exit(0));
    });
    relay({ type: 'ready', pid: process.pid });
  }
  return app;
}
