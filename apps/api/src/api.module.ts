import { INVOICES_CONTROLLERS } from './invoices/invoices.controllers';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { IncomingMessage, ServerResponse } from 'node:http';
import { destination, DestinationStream, stdSerializers } from 'pino';
import { Options } from 'pino-http';
import { AppConfig, StorageOverrides } from '@ledger/infrastructure';
import { LedgerCoreModule, WorkerProcess } from '@ledger/runtime';
import { WorkerModule } from '@ledger/worker';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { Authenticator } from './auth/authenticate';
import { CustomersController } from './customers/customers.controller';
import { HealthController } from './health/health.controller';
import { CATALOG_CONTROLLERS } from './catalog/catalog.controllers';
import { ORDERING_CONTROLLERS } from './ordering/ordering.controllers';
import { SUBSCRIPTIONS_CONTROLLERS } from './subscriptions/subscriptions.controllers';
import { BILLING_CONTROLLERS } from './billing/billing.controllers';
import { ANALYTICS_CONTROLLERS } from './analytics/analytics.controllers';
import { TEST_CLOCK_CONTROLLERS } from './test-clock/test-clock.controllers';
import { EventsController } from './events/events.controller';
import { WebhookEndpointsController } from './webhooks/webhook-endpoints.controller';
import { sessionControllers } from './session/session.controllers';
import { ConsistencyGuard } from './http/consistency';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { rateLimiting } from './http/rate-limit';
import { MetricsModule } from './metrics/metrics.module';

export interface ApiModuleOptions extends StorageOverrides {
  /** Run the worker side (consumer, workflows, timers, webhooks) on this process's event loop: tests only. */
  withWorker: boolean;
  /** `npm start`: run the worker side in a child process this one starts, watches and stops. */
  workerProcess?: boolean;
  /** Tests: write the log here at level info (NODE_ENV=test is otherwise silent). */
  logDestination?: DestinationStream;
}

/**
 * stdout written asynchronously: lines that arrive while a write is in flight go out together
 * in the next one, so a loaded api makes one write per burst rather than one per request
 * (synchronous writes were 5 % of the api's CPU under the write-path bench). Idle, a line is
 * written at once; pino flushes what is pending when the process exits.
 */
function stdoutLog(): DestinationStream {
  return destination({ dest: 1, sync: false });
}

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: ApiModuleOptions): DynamicModule {
    const rateLimit = rateLimiting(config);
    const httpLog: Options = {
      level: config.nodeEnv === 'test' && !options.logDestination ? 'silent' : 'info',
      redact: ['req.headers.authorization'],
      // The request line itself is written by http/request-log.ts (one Fastify hook, no
      // middleware): method, url, status, duration and both ids. Headers stay out (the same
      // security headers on every answer, a token on every request); a 5xx is the same line
      // at level error, with the error and stack.
      wrapSerializers: false,
      serializers: {
        req: (req: IncomingMessage & { originalUrl?: string }) => ({ method: req.method, url: req.originalUrl ?? req.url }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        err: stdSerializers.err,
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      // Readable lines for a person at a terminal; JSON for log shippers everywhere else.
      transport: config.nodeEnv === 'development' && process.stdout.isTTY && !options.logDestination ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    };
    const out = options.logDestination ?? (httpLog.level === 'silent' || httpLog.transport ? null : stdoutLog());
    return {
      module: ApiModule,
      imports: [
        // No routes: nestjs-pino makes the root logger (PinoLogger.root, Nest's logger); its
        // per-request middleware (a pino-http child logger per request) is not applied.
        LoggerModule.forRoot({ pinoHttp: out ? [httpLog, out] : httpLog, forRoutes: [] }),
        LedgerCoreModule.forRoot(config, options),
        TerminusModule,
        ...rateLimit.imports,
        MetricsModule,
        ...(options.withWorker ? [WorkerModule] : []),
      ],
      controllers: [
        HealthController,
        CustomersController,
        ...CATALOG_CONTROLLERS,
        ...ORDERING_CONTROLLERS,
        ...SUBSCRIPTIONS_CONTROLLERS,
        ...BILLING_CONTROLLERS,
        ...ANALYTICS_CONTROLLERS,
        ...INVOICES_CONTROLLERS,
        ...TEST_CLOCK_CONTROLLERS,
        EventsController,
        WebhookEndpointsController,
        ...sessionControllers(config),
      ],
      providers: [
        TokenVerifier,
        Authenticator,
        ...rateLimit.guards,
        { provide: APP_GUARD, useClass: AuthGuard },
        // After AuthGuard: an unauthenticated request never waits.
        { provide: APP_GUARD, useClass: ConsistencyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ...(options.workerProcess ? [WorkerProcess] : []),
      ],
    };
  }
}
