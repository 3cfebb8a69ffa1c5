import { Inject, Injectable, Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import pLimit from 'p-limit';
import { WebhookEndpoint } from '@ledger/domain';
import { systemActor } from '../commands/command-context';
import { CLOCK, Clock } from '../ports/clock.port';
import { Filter, READ_STORE, ReadStore } from '../ports/read-store.port';
import { DueWorkSource } from '../timers/due-work';
import { DELIVERIES_COLLECTION, DeliveryDocument, deliveryColumns, deliveryCounterDelta, deliveryVersion } from './delivery.model';
import { ATTEMPT_TIMEOUT_MS, nextAttemptAt, RETRY_WINDOW_MS } from './retry-schedule';
import { signedHeaders } from './signing';
import { checkWebhookUrl, WebhookUrlRefused } from './url-policy';
import { WebhookEndpointDocument, webhookEndpointsProjection } from './webhook-endpoints.projection';
import { WebhookEndpointService } from './webhook-endpoint-service';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';

const SCAN_LIMIT = 1000;
/** How long fireDue waits for the lanes it started (a slow endpoint goes on in the background). */
const FIRE_WAIT_MS = 2000;
/** In flight at once per endpoint (distinct subscriptions), and overall. */
const PER_ENDPOINT = 4;
const OVERALL = 32;

/**
 * Sends due deliveries (R22). Each endpoint drains in its own lane, so a slow or dead
 * endpoint only ever holds its own lane; within a lane, deliveries of one subscription go
 * out in log order (a later one waits while an earlier one is pending). Every attempt's
 * outcome is committed to the read store before the next is planned: delivery state
 * survives restarts. Retry times come from the injected clock (a DueWorkSource).
 *
 * Deliveries of a disabled endpoint are parked (pending, but out of the due index, so they
 * never crowd out other endpoints' due work) and put back when it is enabled again; those
 * of a deleted endpoint fail.
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
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {}

  /**
   * Starts every endpoint with something due at or before `now` and waits for the lanes, but
   * at most FIRE_WAIT_MS: the timer loop that calls this also fires subscription timers, and a
   * dead endpoint (10 s timeout) must not hold them. Answers the attempts of the lanes that finished.
   */
  async fireDue(now: Date): Promise<number> {
    let fired = 0;
    const lanes = (await this.startDue(now)).map((lane) => lane.then((n) => (fired += n)));
    const timer = new AbortController();
    await Promise.race([Promise.all(lanes), delay(FIRE_WAIT_MS, undefined, { signal: timer.signal }).catch(() => undefined)]);
    timer.abort();
    return fired;
  }

  /** Starts the lanes of every endpoint with something to do, without waiting for them (a slow one must not hold the others). */
  async startDue(now: Date): Promise<Array<Promise<number>>> {
    const due = await this.readStore.find<DeliveryDocument>(DELIVERIES_COLLECTION, { dueAt: { $lte: now.toISOString() } }, { sort: [{ field: 'dueAt', direction: 'asc' }], limit: SCAN_LIMIT });
    const endpointIds = new Set(due.items.map((d) => d.endpointId));
    for (const id of await this.parkedEndpoints()) endpointIds.add(id);
    return [...endpointIds].map((id) => this.kick(id));
  }

  /** Endpoints with parked deliveries: one index seek each (few endpoints are ever disabled). */
  private async parkedEndpoints(): Promise<string[]> {
    const ids: string[] = [];
    let last = '';
    for (;;) {
      const next = await this.readStore.find<DeliveryDocument>(DELIVERIES_COLLECTION, { parkedEndpoint: { $gt: last } }, { sort: [{ field: 'parkedEndpoint', direction: 'asc' }], limit: 1 });
      const found = next.items[0];
      if (!found) return ids;
      ids.push(found.endpointId);
      last = found.endpointId;
    }
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
    // Not projected yet: its deliveries stay due and are picked up at the next scan.
    if (!doc) return 0;
    const endpoint = doc.endpoint;
    if (endpoint.status === 'deleted') {
      await this.settleAll(endpointId, now, (d) => ({ ...d, status: 'failed', lastError: 'the endpoint was deleted', nextAttemptAt: null, parked: false }));
      return 0;
    }
    if (!endpoint.enabled) {
      await this.settleAll(endpointId, now, (d) => (d.parked ? null : { ...d, parked: true }), { dueOnly: true });
      return 0;
    }
    await this.settleAll(endpointId, now, (d) => (d.parked ? { ...d, parked: false, nextAttemptAt: now.toISOString() } : null), { parkedOnly: true });
    const due = await this.readStore.find<DeliveryDocument>(DELIVERIES_COLLECTION, { endpointId, dueAt: { $lte: now.toISOString() } }, { sort: [{ field: 'dueAt', direction: 'asc' }], limit: SCAN_LIMIT });
    const queues = new Map<string, DeliveryDocument[]>();
    for (const delivery of due.items.sort((a, b) => (a.position < b.position ? -1 : 1))) {
      queues.set(delivery.orderKey, [...(queues.get(delivery.orderKey) ?? []), delivery]);
    }
    const lane = pLimit(PER_ENDPOINT);
    const counts = await Promise.all([...queues.values()].map((queue) => lane(() => this.sendInOrder(endpoint, queue))));
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * Rewrites the endpoint's due, parked or pending deliveries a page at a time (`change` null
   * keeps one). A rewritten delivery leaves the filter, so the first page is read again until
   * nothing changes.
   */
  private async settleAll(endpointId: string, now: Date, change: (d: DeliveryDocument) => DeliveryDocument | null, scope: { dueOnly?: boolean; parkedOnly?: boolean } = {}): Promise<void> {
    const filter: Filter = scope.dueOnly ? { endpointId, dueAt: { $lte: now.toISOString() } } : scope.parkedOnly ? { parkedEndpoint: endpointId } : { endpointId, status: 'pending' };
    for (;;) {
      const page = await this.readStore.find<DeliveryDocument>(DELIVERIES_COLLECTION, filter, { limit: SCAN_LIMIT });
      const writes = page.items.flatMap((before) => {
        const changed = change(before);
        if (!changed) return [];
        const after: DeliveryDocument = { ...changed, revision: before.revision + 1, _position: deliveryVersion(before.position, before.revision + 1) };
        return [{ collection: DELIVERIES_COLLECTION, doc: after, columns: deliveryColumns(after), counters: deliveryCounterDelta(before.status, after.status) }];
      });
      if (writes.length === 0) return;
      await this.readStore.commit({ writes });
    }
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
      // Checked again at each attempt: a hostname may resolve elsewhere than at registration.
      await checkWebhookUrl(endpoint.url, this.settings.refusePrivateUrls);
      const response = await fetch(endpoint.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch (failure) {
      if (failure instanceof WebhookUrlRefused) error = failure.message;
      else error = (failure as Error).name === 'TimeoutError' ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` : (failure as Error).message;
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
    await this.readStore.commit({
      writes: [{ collection: DELIVERIES_COLLECTION, doc: next, columns: deliveryColumns(next), counters: deliveryCounterDelta(delivery.status, next.status) }],
    });
    if (status === 'failed') await this.disableIfFailingForDays(endpoint, at);
    return ok;
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
