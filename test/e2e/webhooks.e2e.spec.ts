import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { TestApi } from './harness/test-api';

interface Received {
  headers: Record<string, string>;
  body: string;
  json: { id: string; type: string; partnerId: string; customerId: string | null; subscriptionId: string | null; position: string; occurredAt: string; data: object };
}

/** A real receiver on a random port; `answer` decides each status code. */
class Receiver {
  readonly received: Received[] = [];
  answer: (r: Received) => number = () => 200;
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
        res.statusCode = self!.answer(r);
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

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
