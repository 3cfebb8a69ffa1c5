import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@ledger/infrastructure';
import { ApiModule, ApiModuleOptions } from './api.module';
import { createValidationPipe } from './http/validation';
import { answerFrameworkError } from './http/framework-errors';
import { hardenHttp } from './http/harden';
import { logRequests } from './http/request-log';
import { requestIdOf } from './http/request-ids';
import { openApiHeader } from './http/openapi';
import { serveConsole } from './console/console-assets';

/** Builds the HTTP app (used by main.ts and by the end-to-end tests on a random port). */
export async function createApi(config: AppConfig, options: ApiModuleOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config, options),
    new FastifyAdapter({
      bodyLimit: 1024 * 1024,
      trustProxy: config.host === '0.0.0.0',
      genReqId: requestIdOf,
      frameworkErrors: answerFrameworkError,
    }),
    // The JSON body parser is ours (hardenHttp): depth limit, empty body, nothing but JSON.
    { bufferLogs: true, bodyParser: false },
  );
  await hardenHttp(app, config);
  logRequests(app.getHttpAdapter().getInstance(), () => PinoLogger.root);
  await serveConsole(app);
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(app, openApiHeader());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
