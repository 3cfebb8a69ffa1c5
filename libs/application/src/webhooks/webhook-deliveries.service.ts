import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '../ports/clock.port';
import { Filter, Page, READ_STORE, ReadStore } from '../ports/read-store.port';
import { NotFoundError } from '../commands/application-errors';
import { DELIVERIES_COLLECTION, DELIVERIES_SCHEMA, DeliveryDocument, DeliveryStatus, deliveryColumns, deliveryCounterDelta, deliveryId, deliveryVersion } from './delivery.model';
import { WebhookEndpointService } from './webhook-endpoint-service';

/** R22: an endpoint's deliveries with their attempts, and redelivery of any of them. */
@Injectable()
export class WebhookDeliveries {
  private defined: Promise<void> | null = null;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly endpoints: WebhookEndpointService,
  ) {}

  async list(partnerId: string, endpointId: string, status: DeliveryStatus | null, cursor: string | null, limit: number): Promise<Page<DeliveryDocument>> {
    await this.endpoints.get(partnerId, endpointId);
    await this.define();
    const filter: Filter = status ? { endpointId, status } : { endpointId };
    return this.readStore.find<DeliveryDocument>(DELIVERIES_COLLECTION, filter, { sort: [{ field: 'eventPosition', direction: 'asc' }], cursor, limit });
  }

  /** Puts the delivery back in the queue, due now, with a fresh 3-day window (same webhook-id). */
  async redeliver(partnerId: string, endpointId: string, eventId: string): Promise<void> {
    await this.endpoints.get(partnerId, endpointId);
    await this.define();
    const delivery = await this.readStore.get<DeliveryDocument>(DELIVERIES_COLLECTION, deliveryId(endpointId, eventId));
    if (!delivery || delivery.partnerId !== partnerId) throw new NotFoundError('delivery', eventId);
    const revision = delivery.revision + 1;
    const next: DeliveryDocument = {
      ...delivery,
      status: 'pending',
      firstAttemptAt: null,
      parked: false,
      nextAttemptAt: this.clock.now().toISOString(),
      revision,
      _position: deliveryVersion(delivery.position, revision),
    };
    await this.readStore.commit({ writes: [{ collection: DELIVERIES_COLLECTION, doc: next, columns: deliveryColumns(next), counters: deliveryCounterDelta(delivery.status, 'pending') }] });
  }

  private define(): Promise<void> {
    this.defined ??= this.readStore.defineCollection(DELIVERIES_COLLECTION, DELIVERIES_SCHEMA);
    return this.defined;
  }
}
