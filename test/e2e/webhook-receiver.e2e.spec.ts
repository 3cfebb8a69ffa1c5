import { randomBytes } from 'node:crypto';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { describeEvent, startWebhookReceiver, WebhookEvent } from '../../scripts/webhook-receiver';

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;
const event: WebhookEvent = {
  id: '6f1c2a8e-0000-4000-8000-000000000001',
  type: 'SubscriptionSuspended',
  occurredAt: '2026-01-31T09:00:00.000Z',
  position: '0000000000000042',
  partnerId: 'demo-partner',
  customerId: 'cus-1',
  subscriptionId: 'sub-1',
  data: { reason: 'other' },
};

describe('scripts/webhook-receiver.ts (the README\'s local receiver)', () => {
  const current = secret();
  const previous = secret();
  const received: WebhookEvent[] = [];
  const rejected: string[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = await startWebhookReceiver({ secrets: [current], port: 0, host: '127.0.0.1', onEvent: (e) => received.push(e), onRejected: (r) => rejected.push(r) });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    rejected.length = 0;
  });

  /** Signs as the ledger does: one `v1,<sig>` per valid secret, space separated. */
  function post(secrets: string[], body = JSON.stringify(event), timestamp = new Date()) {
    const signature = secrets.map((s) => new Webhook(s).sign(event.id, timestamp, body)).join(' ');
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature },
      body,
    });
  }

  it('accepts a delivery signed with the endpoint secret and hands over the event', async () => {
    expect((await post([current])).status).toBe(204);
    expect(received).toEqual([event]);
    expect(describeEvent(received[0])).toBe('2026-01-31T09:00:00.000Z SubscriptionSuspended 6f1c2a8e-0000-4000-8000-000000000001 (customer cus-1, subscription sub-1) {"reason":"other"}');
  });

  it('accepts a delivery signed with the old and new secrets during a rotation', async () => {
    expect((await post([previous, current])).status).toBe(204);
    expect(received).toHaveLength(1);
  });

  it('refuses a wrong secret, a changed body and a stale timestamp with 400', async () => {
    expect((await post([previous])).status).toBe(400);
    const signedBody = JSON.stringify(event);
    const signature = new Webhook(current).sign(event.id, new Date(), signedBody);
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signature },
      body: signedBody.replace('other', 'fraud'),
    });
    expect(tampered.status).toBe(400);
    expect((await post([current], JSON.stringify(event), new Date(Date.now() - 3_600_000))).status).toBe(400);
    expect(received).toEqual([]);
    expect(rejected).toHaveLength(3);
  });
});
