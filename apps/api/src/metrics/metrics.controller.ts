import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../auth/auth.decorators';
import { METRICS_REGISTRY } from './metrics-registry';

export const METRICS_PATH = '/metrics';

/** Prometheus text format, no token (API.md "Operations"); no partner id is ever a label. */
@Controller()
@ApiExcludeController()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get(METRICS_PATH)
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
