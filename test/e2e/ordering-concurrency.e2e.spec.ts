import { EVENT_STORE, EventStore } from '@ledger/application';
import { TestApi } from './harness/test-api';

describe('ordering under concurrency (real HTTP server, 50 parallel requests)', () => {
  let api: TestApi;
  let sales: string;

  beforeAll(async () => {
    api = await TestApi.start();
    sales = await api.token('partner-a', ['sales-agent']);
  });
  afterAll(() => api.stop());

  async function customer(name: string): Promise<string> {
    return (await api.request('POST', '/v1/customers', { token: sales, body: { name, billingCountry: 'US', segment: 'commercial' } })).body.id;
  }

  it('R9: 50 parallel purchases of a one-per-customer offer give exactly one subscription and 49 one-per-customer refusals', async () => {
    const customerId = await customer('Racer');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.request('POST', `/v1/customers/${customerId}/orders`, {
          token: sales,
          headers: { 'idempotency-key': `race-${i}` },
          body: { lines: [{ offerId: 'azure-plan' }] },
        }),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 422);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(49);
    expect(refused.every((a) => a.body.code === 'order-refused' && a.body.lines[0].reasons[0].code === 'one-per-customer')).toBe(true);

    const events = await api.app.get<EventStore>(EVENT_STORE).readStream(`customer-${customerId}`);
    expect(events.filter((e) => e.type === 'OrderPlaced')).toHaveLength(1);
    const list = await api.request('GET', `/v1/customers/${customerId}/subscriptions?consistentWith=${created[0].body.position}`, { token: sales });
    expect(list.body.items).toHaveLength(1);
  });

  it('R10: 50 parallel purchases with one Idempotency-Key give one order and 50 identical answers', async () => {
    const customerId = await customer('Repeater');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.request('POST', `/v1/customers/${customerId}/orders`, {
          token: sales,
          headers: { 'idempotency-key': 'same-key' },
          body: { lines: [{ offerId: 'm365-business-premium-monthly', quantity: 7 }] },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    const first = JSON.stringify(answers[0].body);
    expect(answers.every((a) => JSON.stringify(a.body) === first)).toBe(true);
    const events = await api.app.get<EventStore>(EVENT_STORE).readStream(`customer-${customerId}`);
    expect(events.filter((e) => e.type === 'OrderPlaced')).toHaveLength(1);
    const subscriptionStream = await api.app.get<EventStore>(EVENT_STORE).readStream(`subscription-${answers[0].body.subscriptions[0].id}`);
    expect(subscriptionStream.map((e) => e.type)).toEqual(['SubscriptionPurchased', 'SubscriptionCharged']);
  });
});
