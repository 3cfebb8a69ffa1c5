import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { WEBHOOK_DELIVERY_STATS, WebhookDeliveryStats } from '@ledger/application';
import { TestApi } from './harness/test-api';

interface Received {
  headers: Record<string, string>;
  body: string;
  json: { id: string; type: string; partnerId: string; customerId: string | null; subscriptionId: string | null; position: string; occurredAt: string; data: object };
}

/** A real receiver on a random port; `answer` decides each status code. */
class Receiver {
  readonly received: Received[] = [];
  /** A status code, or null to never answer (a dead endpoint). */
  answer: (r: Received) => number | null = () => 200;
  private readonly held: Array<{ destroy(): void }> = [];
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<Receiver> {
    let self: Receiver | null = null;
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const r: Received = { headers, body, json: JSON.parse(body) };
        self!.received.push(r);
        const status = self!.answer(r);
        if (status === null) {
          self!.held.push(res);
          return;
        }
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    return self;
  }

  async waitFor(predicate: (all: Received[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) throw new Error(`receiver timed out; got ${this.received.map((r) => r.json.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const verifies = (secret: string, r: Received) => {
  try {
    new Webhook(secret).verify(r.body, r.headers);
    return true;
  } catch {
    return false;
  }
};

describe('webhooks (R22) end to end', () => {
  let api: TestApi;
  let receiver: Receiver;
  let admin: string;

  beforeEach(async () => {
    api = await TestApi.start();
    receiver = await Receiver.start();
    admin = await api.token('p-1', ['global-admin']);
  });
  afterEach(async () => {
    await api.stop();
    await receiver.close();
  });

  async function endpoint(token: string, url: string, eventTypes: string[] = ['*']): Promise<{ id: string; secret: string }> {
    const created = await api.request('POST', '/v1/webhook-endpoints', { token, body: { url, eventTypes, description: 'test' } });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function purchase(token: string, partner: string): Promise<{ customerId: string; subscriptionId: string }> {
    const customer = await api.request('POST', '/v1/customers', { token, body: { name: `${partner} Co`, billingCountry: 'TW', segment: 'commercial' } });
    const order = await api.request('POST', `/v1/customers/${customer.body.id}/orders`, {
      token,
      headers: { 'idempotency-key': `o-${partner}-${Date.now()}` },
      body: { lines: [{ offerId: 'm365-e3-monthly', quantity: 2 }] },
    });
    expect(order.status).toBe(201);
    return { customerId: customer.body.id, subscriptionId: order.body.subscriptions[0].id };
  }

  it('R22: a purchase\'s events reach the endpoint signed per Standard Webhooks, with the API.md body; the secret is shown once', async () => {
    const { id, secret } = await endpoint(admin, receiver.url);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect((await api.request('GET', `/v1/webhook-endpoints/${id}`, { token: admin })).body).not.toHaveProperty('secret');
    const { customerId, subscriptionId } = await purchase(admin, 'p-1');
    await receiver.waitFor((all) => all.some((r) => r.json.type === 'SubscriptionPurchased'));
    const purchased = receiver.received.find((r) => r.json.type === 'SubscriptionPurchased')!;
    expect(verifies(secret, purchased)).toBe(true);
    expect(purchased.headers['content-type']).toBe('application/json');
    expect(purchased.headers['webhook-id']).toBe(purchased.json.id);
    expect(purchased.json).toMatchObject({ partnerId: 'p-1', customerId, subscriptionId });
    expect(Object.keys(purchased.json).sort()).toEqual(['customerId', 'data', 'id', 'occurredAt', 'partnerId', 'position', 'subscriptionId', 'type']);
    const created = receiver.received.find((r) => r.json.type === 'CustomerCreated')!;
    expect(created.json.subscriptionId).toBeNull();
    const deliveries = await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?status=succeeded`, { token: admin });
    expect(deliveries.body.items.map((d: { eventId: string }) => d.eventId)).toEqual(expect.arrayContaining([purchased.json.id, created.json.id]));
    expect(deliveries.body.items[0]).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 200, nextAttemptAt: null });
  });

  it('R22: a receiver answering 500 then 200 gets the same webhook-id again once the clock passes the retry time', async () => {
    const { id } = await endpoint(admin, receiver.url, ['CustomerCreated']);
    let calls = 0;
    receiver.answer = () => (++calls === 1 ? 500 : 200);
    await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Retry Co', billingCountry: 'TW', segment: 'commercial' } });
    await receiver.waitFor((all) => all.length === 1);
    const pending = await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?status=pending`, { token: admin });
    expect(await api.app.get<WebhookDeliveryStats>(WEBHOOK_DELIVERY_STATS).pending()).toBe(1);
    expect(pending.body.items).toEqual([expect.objectContaining({ attempts: 1, lastStatusCode: 500, nextAttemptAt: new Date(api.clock.now().getTime() + 5000).toISOString() })]);
    // Nothing more until the injected clock reaches the retry time.
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(1);
    const advanced = await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'PT5S' } });
    expect(advanced.status).toBe(200);
    await receiver.waitFor((all) => all.length === 2);
    expect(receiver.received[1].headers['webhook-id']).toBe(receiver.received[0].headers['webhook-id']);
    await waitUntil(async () => (await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?status=succeeded`, { token: admin })).body.items.length === 1);
    const done = await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries`, { token: admin });
    expect(done.body.items).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 2, lastStatusCode: 200 })]);
  });

  it('R22 R1: an endpoint receives only its own partner\'s events, and another partner cannot see or change it', async () => {
    const other = await Receiver.start();
    try {
      const p2 = await api.token('p-2', ['admin-agent']);
      const mine = await endpoint(admin, receiver.url);
      await endpoint(p2, other.url);
      await purchase(admin, 'p-1');
      await purchase(p2, 'p-2');
      await receiver.waitFor((all) => all.some((r) => r.json.type === 'SubscriptionPurchased'));
      await other.waitFor((all) => all.some((r) => r.json.type === 'SubscriptionPurchased'));
      expect(new Set(receiver.received.map((r) => r.json.partnerId))).toEqual(new Set(['p-1']));
      expect(new Set(other.received.map((r) => r.json.partnerId))).toEqual(new Set(['p-2']));
      expect((await api.request('GET', `/v1/webhook-endpoints/${mine.id}`, { token: p2 })).status).toBe(404);
      expect((await api.request('PATCH', `/v1/webhook-endpoints/${mine.id}`, { token: p2, body: { enabled: false } })).status).toBe(404);
      expect((await api.request('POST', `/v1/webhook-endpoints/${mine.id}/rotate-secret`, { token: p2 })).status).toBe(404);
      expect((await api.request('GET', '/v1/webhook-endpoints', { token: p2 })).body.items).toHaveLength(1);
      expect((await api.request('GET', '/v1/webhook-endpoints', { token: await api.token('p-1', ['sales-agent']) })).status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('R22: after a rotation both secrets sign for 24 h, then only the new one', async () => {
    const { id, secret: oldSecret } = await endpoint(admin, receiver.url, ['CustomerCreated']);
    const rotated = await api.request('POST', `/v1/webhook-endpoints/${id}/rotate-secret`, { token: admin });
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.body.secret;
    expect(newSecret).not.toBe(oldSecret);
    await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Overlap Co', billingCountry: 'TW', segment: 'commercial' } });
    await receiver.waitFor((all) => all.length === 1);
    expect(receiver.received[0].headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifies(newSecret, receiver.received[0])).toBe(true);
    expect(verifies(oldSecret, receiver.received[0])).toBe(true);
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'PT24H' } })).status).toBe(200);
    await api.request('POST', '/v1/customers', { token: admin, body: { name: 'After Co', billingCountry: 'TW', segment: 'commercial' } });
    await receiver.waitFor((all) => all.length === 2);
    expect(receiver.received[1].headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifies(newSecret, receiver.received[1])).toBe(true);
    expect(verifies(oldSecret, receiver.received[1])).toBe(false);
  });

  it('R22: URLs must be http(s); bad bodies are 400 problems', async () => {
    for (const body of [{ url: 'ftp://example.com/x', eventTypes: ['*'] }, { url: receiver.url, eventTypes: [] }, { url: receiver.url, eventTypes: ['not a type'] }, { url: receiver.url, eventTypes: ['*'], secret: 'x' }]) {
      const answer = await api.request('POST', '/v1/webhook-endpoints', { token: admin, body });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation-failed');
    }
  });

  it('R22: a failed delivery can be redelivered with the same webhook-id', async () => {
    const { id } = await endpoint(admin, receiver.url, ['CustomerCreated']);
    await api.request('POST', '/v1/customers', { token: admin, body: { name: 'Again Co', billingCountry: 'TW', segment: 'commercial' } });
    await receiver.waitFor((all) => all.length === 1);
    const eventId = receiver.received[0].headers['webhook-id'];
    expect((await api.request('POST', `/v1/webhook-endpoints/${id}/deliveries/${eventId}/redeliver`, { token: admin })).status).toBe(202);
    await receiver.waitFor((all) => all.length === 2);
    expect(receiver.received[1].headers['webhook-id']).toBe(eventId);
    expect((await api.request('POST', `/v1/webhook-endpoints/${id}/deliveries/unknown-event/redeliver`, { token: admin })).status).toBe(404);
  });
});

describe('webhook delivery order, isolation of endpoints and the disabling rule (R22)', () => {
  let api: TestApi;
  let receiver: Receiver;
  let admin: string;

  beforeEach(async () => {
    api = await TestApi.start();
    receiver = await Receiver.start();
    admin = await api.token('p-1', ['global-admin']);
  });
  afterEach(async () => {
    await receiver.close();
    await api.stop();
  });

  const customer = (name: string) => api.request('POST', '/v1/customers', { token: admin, body: { name, billingCountry: 'TW', segment: 'commercial' } });
  const endpoint = async (url: string, eventTypes: string[]) => (await api.request('POST', '/v1/webhook-endpoints', { token: admin, body: { url, eventTypes } })).body as { id: string };

  it('R22: an endpoint that never answers does not delay another endpoint', async () => {
    const dead = await Receiver.start();
    try {
      dead.answer = () => null;
      await endpoint(dead.url, ['CustomerCreated']);
      await endpoint(receiver.url, ['CustomerCreated']);
      const started = Date.now();
      await customer('First');
      await customer('Second');
      await receiver.waitFor((all) => all.length === 2, 5000);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(dead.received.length).toBeGreaterThanOrEqual(1);
    } finally {
      await dead.close();
    }
  });

  it('R22: deliveries of one subscription go out in log order: a later event waits while an earlier one is retried', async () => {
    await endpoint(receiver.url, ['SubscriptionSuspended', 'SubscriptionReactivated']);
    let suspendedCalls = 0;
    receiver.answer = (r) => (r.json.type === 'SubscriptionSuspended' && ++suspendedCalls === 1 ? 500 : 200);
    const created = await customer('Ordered Co');
    const order = await api.request('POST', `/v1/customers/${created.body.id}/orders`, {
      token: admin,
      headers: { 'idempotency-key': 'ordered' },
      body: { lines: [{ offerId: 'm365-e3-monthly', quantity: 1 }] },
    });
    const subscriptionId: string = order.body.subscriptions[0].id;
    expect((await api.request('POST', `/v1/subscriptions/${subscriptionId}/suspend`, { token: admin, body: { reason: 'other' } })).status).toBe(200);
    expect((await api.request('POST', `/v1/subscriptions/${subscriptionId}/reactivate`, { token: admin })).status).toBe(200);
    await receiver.waitFor((all) => all.length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received.map((r) => r.json.type)).toEqual(['SubscriptionSuspended']);
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'PT5S' } })).status).toBe(200);
    await receiver.waitFor((all) => all.length === 3);
    expect(receiver.received.map((r) => r.json.type)).toEqual(['SubscriptionSuspended', 'SubscriptionSuspended', 'SubscriptionReactivated']);
  });

  it('R22: a delivery without a 2xx for 3 days is failed, and an endpoint with no success for 3 days is disabled', async () => {
    receiver.answer = () => 500;
    const { id } = await endpoint(receiver.url, ['CustomerCreated']);
    await customer('Failing Co');
    await receiver.waitFor((all) => all.length === 1);
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'P3D' } })).status).toBe(200);
    await waitUntil(async () => (await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?status=failed`, { token: admin })).body.items.length === 1);
    await waitUntil(async () => (await api.request('GET', `/v1/webhook-endpoints/${id}`, { token: admin })).body.enabled === false);
    const disabled = await api.request('GET', '/v1/events?types=WebhookEndpointDisabled', { token: admin });
    expect(disabled.body.items).toEqual([expect.objectContaining({ actor: expect.objectContaining({ userId: 'system', partnerId: 'p-1' }) })]);
    // Disabled: new events are not delivered; enabling it again delivers what comes next.
    await customer('While disabled');
    expect((await api.request('PATCH', `/v1/webhook-endpoints/${id}`, { token: admin, body: { enabled: true } })).status).toBe(200);
    receiver.answer = () => 200;
    await customer('After enabling');
    await receiver.waitFor((all) => all.some((r) => (r.json.data as { name?: string }).name === 'After enabling'));
    expect(receiver.received.some((r) => (r.json.data as { name?: string }).name === 'While disabled')).toBe(false);
    // The counts /metrics shows: one failed delivery, none pending.
    const stats = api.app.get<WebhookDeliveryStats>(WEBHOOK_DELIVERY_STATS);
    await waitUntil(async () => (await stats.pending()) === 0);
    expect(await stats.failed()).toBe(1);
    const metrics = await api.request('GET', '/metrics');
    expect(metrics.body).toMatch(/^ledger_webhook_deliveries_failed 1$/m);
    expect(metrics.body).toMatch(/^ledger_webhook_deliveries_pending 0$/m);
  });

  it('R22: pending deliveries wait while their endpoint is disabled and go out once it is enabled again', async () => {
    receiver.answer = () => 500;
    const { id } = await endpoint(receiver.url, ['CustomerCreated']);
    await customer('Paused Co');
    await receiver.waitFor((all) => all.length === 1);
    expect((await api.request('PATCH', `/v1/webhook-endpoints/${id}`, { token: admin, body: { enabled: false } })).status).toBe(200);
    receiver.answer = () => 200;
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'PT1H' } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(1);
    expect((await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?status=pending`, { token: admin })).body.items).toHaveLength(1);
    expect((await api.request('PATCH', `/v1/webhook-endpoints/${id}`, { token: admin, body: { enabled: true } })).status).toBe(200);
    await receiver.waitFor((all) => all.length === 2);
    expect(receiver.received[1].headers['webhook-id']).toBe(receiver.received[0].headers['webhook-id']);
  });

  it('R22: a deleted endpoint gets nothing more; its pending deliveries fail', async () => {
    receiver.answer = () => 500;
    const { id } = await endpoint(receiver.url, ['CustomerCreated']);
    await customer('Deleted Co');
    await receiver.waitFor((all) => all.length === 1);
    expect((await api.request('DELETE', `/v1/webhook-endpoints/${id}`, { token: admin })).status).toBe(204);
    // DELETE answers 204 without a position: wait for the read model instead of consistentWith.
    await waitUntil(async () => (await api.request('GET', `/v1/webhook-endpoints/${id}`, { token: admin })).status === 404);
    expect((await api.request('POST', '/v1/test-clock/advance', { token: admin, body: { by: 'PT1H' } })).status).toBe(200);
    await customer('After deletion');
    const stats = api.app.get<WebhookDeliveryStats>(WEBHOOK_DELIVERY_STATS);
    await waitUntil(async () => (await stats.failed()) === 1 && (await stats.pending()) === 0);
    expect(receiver.received).toHaveLength(1);
  });

  it('R22: deliveries are listed in log order, paged by cursor, filtered by status', async () => {
    const { id } = await endpoint(receiver.url, ['CustomerCreated']);
    for (const name of ['A', 'B', 'C']) await customer(name);
    await receiver.waitFor((all) => all.length === 3);
    await waitUntil(async () => (await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?status=succeeded`, { token: admin })).body.items.length === 3);
    const first = await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?limit=2`, { token: admin });
    const second = await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?limit=2&cursor=${first.body.nextCursor}`, { token: admin });
    const ids = [...first.body.items, ...second.body.items].map((d: { eventId: string }) => d.eventId);
    expect(ids).toEqual(receiver.received.map((r) => r.json.id));
    expect(second.body.nextCursor).toBeNull();
    expect((await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?status=pending`, { token: admin })).body.items).toEqual([]);
    expect((await api.request('GET', `/v1/webhook-endpoints/${id}/deliveries?status=lost`, { token: admin })).status).toBe(400);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
