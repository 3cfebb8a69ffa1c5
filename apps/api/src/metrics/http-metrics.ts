import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Histogram, Registry } from 'prom-client';
import { METRICS_PATH } from './metrics.controller';
import { METRICS_REGISTRY } from './metrics-registry';

/** Label for requests no route matched: the raw URL could carry ids and would explode the series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The route template (`/v1/subscriptions/:subscriptionId`), never the raw URL. */
export function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}

/**
 * `http_request_duration_seconds{route,method,status}` from a Fastify onResponse hook, so
 * that answers given before any Nest code runs (401 from the guard, 404, 415) are counted.
 * /metrics itself is left out: scrapes would outnumber and blur the traffic measured.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<'route' | 'method' | 'status'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    const fastify: FastifyInstance = this.adapterHost.httpAdapter.getInstance();
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const route = routeLabel(request);
      if (route !== METRICS_PATH) {
        this.duration.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      }
      done();
    });
  }
}
