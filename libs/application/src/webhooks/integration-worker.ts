import { Injectable } from '@nestjs/common';
import { EventFeedWriter } from '../feed/event-feed.writer';
import { LogProcessor } from '../consumer/log-processor';
import { WebhookDeliveryRunner } from './webhook-delivery-runner';

/** The worker's share of R22/R23: the event feed writer and the webhook planner (+ its dispatcher sweep), as processors of the log consumer. */
@Injectable()
export class IntegrationWorker {
  constructor(
    private readonly feed: EventFeedWriter,
    private readonly webhooks: WebhookDeliveryRunner,
  ) {}

  processors(): LogProcessor[] {
    return [this.feed, this.webhooks];
  }
}
