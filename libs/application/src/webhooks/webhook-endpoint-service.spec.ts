import { EventStore } from '../ports/event-store.port';
import { ReadStore } from '../ports/read-store.port';
import { WebhookUrlRefused } from './url-policy';
import { WebhookEndpointService } from './webhook-endpoint-service';

/** Stores that fail the test if touched: a refused URL must be refused before anything is written. */
const untouchable = new Proxy({}, { get: (_t, name) => { throw new Error(`store touched: ${String(name)}`); } });
const context = { actor: { userId: 'u', partnerId: 'p-1', roles: ['admin-agent'] }, correlationId: 'c', causationId: null };
const clock = { now: () => new Date('2026-01-31T09:00:00Z') };
const ids = { newId: () => 'we-1' };

function service(settings: { secretKey: string | null; refusePrivateUrls: boolean }) {
  return new WebhookEndpointService(untouchable as EventStore, untouchable as ReadStore, clock, ids, settings);
}

describe('R22 webhook endpoint registration', () => {
  it('R22: with NODE_ENV=production settings, a loopback or private target is refused before anything is written', async () => {
    const production = service({ secretKey: 'k'.repeat(40), refusePrivateUrls: true });
    for (const url of ['http://127.0.0.1:8080/hook', 'http://10.1.2.3/hook', 'http://[::1]/hook', 'http://169.254.169.254/']) {
      await expect(production.create({ url, eventTypes: ['*'], description: null }, context)).rejects.toBeInstanceOf(WebhookUrlRefused);
    }
    await expect(production.update('we-1', { url: 'http://192.168.0.10/hook' }, context)).rejects.toBeInstanceOf(WebhookUrlRefused);
  });

  it('R22: without WEBHOOK_SECRET_KEY in production no endpoint can be created (the development key is never used)', async () => {
    await expect(service({ secretKey: null, refusePrivateUrls: true }).create({ url: 'https://example.com/h', eventTypes: ['*'], description: null }, context)).rejects.toMatchObject({ code: 'webhooks-not-configured' });
  });
});
