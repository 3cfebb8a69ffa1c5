import { CanActivate, ExecutionContext, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PROJECTION_MONITOR, ProjectionMonitor, READ_STORE, ReadStore } from '@ledger/application';
import { WORKER_LEASE } from '@ledger/worker';
import { ValidationFailed } from './validation';
import { EmptyAsUndefined } from './empty-as-undefined';

const POSITION = /^[0-9/]{1,64}$/;
const WAIT_MS = 5000;

/** Every GET accepts `?consistentWith=<position>` (API.md "Consistency"). */
export class ConsistencyQuery {
  @ApiPropertyOptional({ description: 'Wait (up to 5 s) until read models have processed this log position' })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(POSITION, { message: 'consistentWith must be a position returned by a command' })
  consistentWith?: string;
}

/**
 * Waits for `?consistentWith` before the handler runs. A guard (after AuthGuard) rather than
 * an interceptor: the one global interceptor put every request through Nest's interceptor
 * machinery (Observables) for what only some GETs use.
 */
@Injectable()
export class ConsistencyGuard implements CanActivate {
  constructor(
    @Inject(PROJECTION_MONITOR) private readonly monitor: ProjectionMonitor,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ method: string; query?: Record<string, unknown> }>();
    const position = request.query?.consistentWith;
    if (request.method !== 'GET' || position === undefined || position === '') return true;
    if (typeof position !== 'string' || !POSITION.test(position)) {
      throw new ValidationFailed([{ field: 'consistentWith', message: 'consistentWith must be a position returned by a command' }]);
    }
    if (await this.monitor.waitFor(position, WAIT_MS)) return true;
    throw new ServiceUnavailableException({ code: 'not-caught-up', message: await this.whyNotCaughtUp(position) });
  }

  private async whyNotCaughtUp(position: string): Promise<string> {
    const holder = await this.readStore.leaseHolder(WORKER_LEASE, Date.now()).catch(() => undefined);
    if (holder === null) return `read models have not reached ${position}: no worker holds the lease, so nothing projects the log (is a worker process running? see /health)`;
    return `read models have not reached ${position} yet; retry shortly`;
  }
}
