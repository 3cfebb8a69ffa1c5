import { DynamicModule, Global, Module } from '@nestjs/common';
import { EventFeedQueries } from '../feed/event-feed.queries';
import { EventFeedWriter } from '../feed/event-feed.writer';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { IntegrationWorker } from './integration-worker';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { ReadStoreWebhookDeliveryStats, WEBHOOK_DELIVERY_STATS } from './webhook-delivery-stats';
import { WebhookDeliveryRunner } from './webhook-delivery-runner';
import { WebhookEndpointService } from './webhook-endpoint-service';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';

/** Webhooks (R22) and the event feed (R23): API-side services and the worker-side runners. */
@Global()
@Module({})
export class WebhooksModule {
  static forRoot(settings: WebhookSettings): DynamicModule {
    return {
      module: WebhooksModule,
      providers: [
        { provide: WEBHOOK_SETTINGS, useValue: settings },
        { provide: WEBHOOK_DELIVERY_STATS, useClass: ReadStoreWebhookDeliveryStats },
        WebhookEndpointService,
        WebhookDeliveries,
        DeliveryDispatcher,
        WebhookDeliveryRunner,
        EventFeedQueries,
        EventFeedWriter,
        IntegrationWorker,
      ],
      exports: [WEBHOOK_SETTINGS, WEBHOOK_DELIVERY_STATS, WebhookEndpointService, WebhookDeliveries, DeliveryDispatcher, EventFeedQueries, IntegrationWorker],
    };
  }
}
