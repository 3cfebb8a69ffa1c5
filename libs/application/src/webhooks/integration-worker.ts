import { Injectable } from '@nestjs/common';
import { EventFeedWriter } from '../feed/event-feed.writer';
import { WebhookDeliveryRunner } from './webhook-delivery-runner';

/** The worker's share of R22/R23: the event feed writer and the webhook planner + dispatcher (start/stop with the lease). */
@Injectable()
export class IntegrationWorker {
  constructor(
    private readonly feed: EventFeedWriter,
    private readonly webhooks: WebhookDeliveryRunner,
  ) {}

  async start(): Promise<void> {
    await Promise.all([this.feed.start(), this.webhooks.start()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.feed.stop(), this.webhooks.stop()]);
  }
}
