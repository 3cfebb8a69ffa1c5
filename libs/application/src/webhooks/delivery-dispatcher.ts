import { Inject, Injectable, Logger } from '@nestjs/common';
import pLimit from 'p-limit';
import { WebhookEndpoint } from '@ledger/domain';
import { systemActor } from '../commands/command-context';
import { CLOCK, Clock } from '../ports/clock.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { DueWorkSource } from '../timers/due-work';
import { DELIVERIES_COLLECTION, DeliveryDocument, deliveryColumns, deliveryCounterDelta, deliveryVersion } from './delivery.model';
import { ATTEMPT_TIMEOUT_MS, nextAttemptAt, RETRY_WINDOW_MS } from './retry-schedule';
import { signedHeaders } from './signing';
import { WebhookEndpointDocument, webhookEndpointsProjection } from './webhook-endpoints.projection';
import { WebhookEndpointService } from './webhook-endpoint-service';

const SCAN_LIMIT = 1000;
/** In flight at once per endpoint (distinct subscriptions), and overall. */
const PER_ENDPOINT = 4;
const OVERALL = 32;

/**
 * Sends due deliveries (R22). Each endpoint drains in its own lane, so a slow or dead
 * endpoint only ever holds its own lane; within a lane, deliveries of one subscription go
 * out in log order (a later one waits while an earlier one is pending). Every attempt's
 * outcome is committed to the read store before the next is planned: delivery state
 * survives restarts. Retry times come from the injected clock (a DueWorkSource).
 */
@Injectable()
export class DeliveryDispatcher implements DueWorkSource {
  readonly name = 'webhook-deliveries';
  private readonly logger = new Logger('webhooks');
  private readonly overall = pLimit(OVERALL);
  private readonly lanes = new Map<string, { run: Promise<number>; again: boolean }>();

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly endpoints: WebhookEndpointService,
  ) {}

  /** Every endpoint with something due at or before `now`: drained; answers how many attempts were made. */
  async fireDue(now: Date): Promise<number> {
    const fired = await Promise.all(await this.startDue(now));
    return fired.reduce((a, b) => a + b, 0);
  }

  /** Starts the lanes of every endpoint with something due, without waiting for them (a slow one must not hold the others). */
  async startDue(now: Date): Promise<Array<Promise<number>>> {
    const due = await this.readStore.find<DeliveryDocument>(DELIVERIES_COLLECTION, { dueAt: { $lte: now.toISOString() } }, { sort: [{ field: 'dueAt', direction: 'asc' }], limit: SCAN_LIMIT });
    return [...new Set(due.items.map((d) => d.endpointId))].map((id) => this.kick(id));
  }

  /** Starts (or asks for one more pass of) the endpoint's lane. */
  kick(endpointId: string): Promise<number> {
    const lane = this.lanes.get(endpointId);
    if (lane) {
      lane.again = true;
      return lane.run;
    }
    const state = { run: Promise.resolve(0), again: false };
    state.run = (async () => {
      let fired = 0;
      try {
        do {
          state.again = false;
          fired += await this.drain(endpointId);
        } while (state.again);
      } catch (error) {
        this.logger.error(`webhook lane ${endpointId} failed: ${(error as Error).message}`);
      } finally {
        this.lanes.delete(endpointId);
      }
      return fired;
    })();
    this.lanes.set(endpointId, state);
    return state.run;
  }

  /** One pass over the endpoint's due deliveries: each subscription's in order, several subscriptions at once. */
  private async drain(endpointId: string): Promise<number> {
    const now = this.clock.now();
    const doc = await this.readStore.get<WebhookEndpointDocument>(webhookEndpointsProjection.collection, endpointId);
    // Not yet projected, disabled or deleted: its deliveries wait (a re-enabled endpoint resumes).
    if (!doc || doc.endpoint.status !== 'active' || !doc.endpoint.enabled) return 0;
    const due = await this.readStore.find<DeliveryDocument>(DELIVERIES_COLLECTION, { endpointId, dueAt: { $lte: now.toISOString() } }, { sort: [{ field: 'dueAt', direction: 'asc' }], limit: SCAN_LIMIT });
    const queues = new Map<string, DeliveryDocument[]>();
    for (const delivery of due.items.sort((a, b) => (a.position < b.position ? -1 : 1))) {
      queues.set(delivery.orderKey, [...(queues.get(delivery.orderKey) ?? []), delivery]);
    }
    const lane = pLimit(PER_ENDPOINT);
    const counts = await Promise.all([...queues.values()].map((queue) => lane(() => this.sendInOrder(doc.endpoint, queue))));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async sendInOrder(endpoint: WebhookEndpoint, queue: DeliveryDocument[]): Promise<number> {
    // An earlier delivery of the same subscription still pending (not due yet) holds the line.
    const head = queue[0];
    const earlier = await this.readStore.count(DELIVERIES_COLLECTION, { endpointId: endpoint.endpointId, orderKey: head.orderKey, status: 'pending', eventPosition: { $lt: head.position } });
    if (earlier > 0) return 0;
    let fired = 0;
    for (const delivery of queue) {
      fired++;
      if (!(await this.overall(() => this.attempt(endpoint, delivery)))) break;
    }
    return fired;
  }

  /** One attempt, its outcome committed; true on a 2xx. */
  private async attempt(endpoint: WebhookEndpoint, delivery: DeliveryDocument): Promise<boolean> {
    const body = JSON.stringify(delivery.payload);
    // webhook-timestamp is a transport freshness stamp checked by receivers against their own
    // wall clock (Standard Webhooks tolerance), so it is wall time, not the (test) business clock.
    const headers = signedHeaders(this.endpoints.secrets(endpoint, this.clock.now()), delivery.eventId, new Date(), body);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch (failure) {
      error = (failure as Error).name === 'TimeoutError' ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` : (failure as Error).message;
    }
    const at = this.clock.now();
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    const windowStart = delivery.firstAttemptAt ?? at.toISOString();
    const attempts = delivery.attempts + 1;
    const retryAt = ok ? null : nextAttemptAt(new Date(windowStart), attempts, at);
    const status = ok ? 'succeeded' : retryAt ? 'pending' : 'failed';
    const next: DeliveryDocument = {
      ...delivery,
      status,
      attempts,
      firstAttemptAt: windowStart,
      lastAttemptAt: at.toISOString(),
      lastStatusCode: statusCode,
      lastError: ok ? null : error ?? `answered ${statusCode}`,
      nextAttemptAt: retryAt ? retryAt.toISOString() : null,
      revision: delivery.revision + 1,
      _position: deliveryVersion(delivery.position, delivery.revision + 1),
    };
    await this.save(delivery, next);
    if (status === 'failed') await this.disableIfFailingForDays(endpoint, at);
    return ok;
  }

  async save(before: DeliveryDocument, after: DeliveryDocument): Promise<void> {
    await this.readStore.commit({
      writes: [{ collection: DELIVERIES_COLLECTION, doc: after, columns: deliveryColumns(after), counters: deliveryCounterDelta(before.status, after.status) }],
    });
  }

  /** R22: an endpoint none of whose deliveries succeeded for 3 days is disabled (an event in its stream). */
  private async disableIfFailingForDays(endpoint: WebhookEndpoint, now: Date): Promise<void> {
    const since = new Date(now.getTime() - RETRY_WINDOW_MS).toISOString();
    const succeeded = await this.readStore.count(DELIVERIES_COLLECTION, { endpointId: endpoint.endpointId, status: 'succeeded', lastAttemptAt: { $gte: since } });
    if (succeeded > 0 || endpoint.createdAt > since) return;
    this.logger.warn(`webhook endpoint ${endpoint.endpointId}: no delivery succeeded for 3 days; disabling it`);
    await this.endpoints.disableFailing(endpoint.endpointId, {
      actor: systemActor(endpoint.partnerId),
      correlationId: `webhook-disable-${endpoint.endpointId}`,
      causationId: null,
    });
  }
}
