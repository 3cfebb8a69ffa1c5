import { DynamicModule, ExecutionContext, Injectable, Provider } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModule,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { AppConfig } from '@ledger/infrastructure';
import { AuthenticatedRequest, PUBLIC_ROUTE } from '../auth/auth.decorators';
import { Authenticator } from '../auth/authenticate';

/**
 * One budget per partner across every route (the `pid` of the verified token), or per client
 * IP for requests without a valid token, so a flood of bad tokens is limited too. Routes that
 * need no token (health, metrics) are never limited. Answers carry RateLimit-Limit,
 * RateLimit-Remaining and RateLimit-Reset; a 429 carries Retry-After (seconds).
 */
@Injectable()
export class PartnerThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {
    super(options, storage, reflector);
    this.headerPrefix = 'RateLimit';
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]) === true;
  }

  protected override async getTracker(request: AuthenticatedRequest & { ip?: string }): Promise<string> {
    try {
      return `partner:${(await this.authenticator.authenticate(request)).partnerId}`;
    } catch {
      // The auth guard answers the 401; until then the caller counts against its address.
      return `ip:${request.ip ?? 'unknown'}`;
    }
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }
}

/** Nothing when RATE_LIMIT_PER_MINUTE is off (the default under NODE_ENV=test). */
export function rateLimiting(config: AppConfig): { imports: DynamicModule[]; guards: Provider[] } {
  if (config.rateLimitPerMinute === null) return { imports: [], guards: [] };
  return {
    imports: [ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }], errorMessage: 'too many requests for this partner: retry after the time in Retry-After' })],
    // Before the auth guard, so requests refused with a 401 are counted (by IP) too.
    guards: [{ provide: APP_GUARD, useClass: PartnerThrottlerGuard }],
  };
}
