import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { DELIVERIES_COLLECTION, DELIVERIES_SCHEMA, DELIVERY_COUNTERS_KEY } from './delivery.model';

/** For /metrics: deliveries pending and failed, over all partners (counters kept with the documents). */
export interface WebhookDeliveryStats {
  pending(): Promise<number>;
  failed(): Promise<number>;
}

/** A string, the same token the /metrics gauges inject (apps/api/src/metrics). */
export const WEBHOOK_DELIVERY_STATS = 'WEBHOOK_DELIVERY_STATS';

@Injectable()
export class ReadStoreWebhookDeliveryStats implements WebhookDeliveryStats {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async pending(): Promise<number> {
    return (await this.counts()).pending ?? 0;
  }

  async failed(): Promise<number> {
    return (await this.counts()).failed ?? 0;
  }

  private async counts() {
    await this.readStore.defineCollection(DELIVERIES_COLLECTION, DELIVERIES_SCHEMA);
    return this.readStore.counters(DELIVERIES_COLLECTION, DELIVERY_COUNTERS_KEY);
  }
}
