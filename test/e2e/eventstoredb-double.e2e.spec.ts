import { startEsdbDouble, EsdbDouble } from '../support/esdb-double/server';
import { TestApi } from './harness/test-api';

describe('the service on the eventstoredb adapter (in-process gRPC double)', () => {
  let double: EsdbDouble;
  let api: TestApi;

  beforeAll(async () => {
    double = await startEsdbDouble();
    api = await TestApi.start({ eventStoreUrl: double.url });
  });
  afterAll(async () => {
    await api.stop();
    await double.stop();
  });

  it('R7/R17: seeds the catalog, buys and cancels through EventStoreDB, read models follow its subscription', async () => {
    const token = await api.token('partner-a', ['global-admin']);
    const health = await api.request('GET', '/health');
    expect(health.body.details.eventStore.mode).toBe('eventstoredb');
    const customer = await api.request('POST', '/v1/customers', { token, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } });
    expect(customer.body.position).toMatch(/^\d{20}\/\d{20}$/);
    const order = await api.request('POST', `/v1/customers/${customer.body.id}/orders`, {
      token,
      headers: { 'idempotency-key': 'esdb-1' },
      body: { lines: [{ offerId: 'm365-business-basic-monthly', quantity: 2 }] },
    });
    expect(order.status).toBe(201);
    const subscriptionId = order.body.subscriptions[0].id;
    const cancelled = await api.request('POST', `/v1/subscriptions/${subscriptionId}/cancel`, { token });
    expect(cancelled.body).toMatchObject({ outcome: 'cancelled', credit: { amount: '14.40', currency: 'USD' } });
    const read = await api.request('GET', `/v1/subscriptions/${subscriptionId}?consistentWith=${encodeURIComponent(cancelled.body.position)}`, { token });
    expect(read.body.status).toBe('cancelled');
    expect(double.log.events.some((e) => e.stream === `subscription-${subscriptionId}` && e.type === 'SubscriptionCancelled')).toBe(true);
  });
});
