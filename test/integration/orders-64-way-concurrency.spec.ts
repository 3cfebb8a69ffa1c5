import { EVENT_STORE, EventStore } from '@ledger/application';
import { HttpAnswer, TestApi } from '../e2e/harness/test-api';

const WAYS = 64;

/**
 * The order path appends OrderPlaced and the new subscriptions in one group-committed
 * `appendMany` and answers from the decision: R9 and R10 must hold at the width the
 * benchmarks drive it (64 connections), and a repeated key must still get the first
 * answer byte for byte, even from a process that did not place the order.
 */
describe('orders under 64-way concurrency (real HTTP server, group commit)', () => {
  let api: TestApi;
  let sales: string;

  beforeAll(async () => {
    api = await TestApi.start();
    sales = await api.token('partner-a', ['sales-agent']);
  });
  afterAll(() => api.stop());

  const customer = async (name: string): Promise<string> =>
    (await api.request('POST', '/v1/customers', { token: sales, body: { name, billingCountry: 'US', segment: 'commercial' } })).body.id;
  const order = (customerId: string, key: string, lines: Array<{ offerId: string; quantity?: number }>): Promise<HttpAnswer> =>
    api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': key }, body: { lines } });
  const events = (stream: string) => api.app.get<EventStore>(EVENT_STORE).readStream(stream);

  it('R9: 64 parallel purchases of a one-per-customer offer give exactly one subscription and 63 one-per-customer refusals', async () => {
    const customerId = await customer('Racer');
    const answers = await Promise.all(Array.from({ length: WAYS }, (_, i) => order(customerId, `race-${i}`, [{ offerId: 'azure-plan' }])));
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 422);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(WAYS - 1);
    expect(refused.every((a) => a.body.code === 'order-refused' && a.body.lines[0].reasons[0].code === 'one-per-customer')).toBe(true);
    expect((await events(`customer-${customerId}`)).filter((e) => e.type === 'OrderPlaced')).toHaveLength(1);
    expect((await events(`subscription-${created[0].body.subscriptions[0].id}`)).map((e) => e.type)).toEqual(['SubscriptionPurchased']);
  });

  it('R10: 64 parallel purchases with one Idempotency-Key give one order and 64 byte-identical answers', async () => {
    const customerId = await customer('Repeater');
    const answers = await Promise.all(Array.from({ length: WAYS }, () => order(customerId, 'same-key', [{ offerId: 'm365-business-premium-monthly', quantity: 7 }])));
    expect(answers.map((a) => a.status)).toEqual(Array(WAYS).fill(201));
    const first = JSON.stringify(answers[0].body);
    expect(answers.every((a) => JSON.stringify(a.body) === first)).toBe(true);
    expect((await events(`customer-${customerId}`)).filter((e) => e.type === 'OrderPlaced')).toHaveLength(1);
    expect((await events(`subscription-${answers[0].body.subscriptions[0].id}`)).map((e) => e.type)).toEqual(['SubscriptionPurchased', 'SubscriptionCharged']);
  });

  it('R9, R10: 32 repeats of one key racing 32 other keys for one one-per-customer offer give exactly one order of it', async () => {
    const customerId = await customer('Mixed');
    const answers = await Promise.all(
      Array.from({ length: WAYS }, (_, i) => order(customerId, i % 2 === 0 ? 'shared-key' : `own-key-${i}`, [{ offerId: 'azure-plan' }])),
    );
    const placed = (await events(`customer-${customerId}`)).filter((e) => e.type === 'OrderPlaced');
    expect(placed).toHaveLength(1);
    const created = answers.filter((a) => a.status === 201);
    expect(new Set(created.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(created[0].body.orderId).toBe(placed[0].data.orderId);
    expect(answers.every((a) => a.status === 201 || (a.status === 422 && a.body.lines[0].reasons[0].code === 'one-per-customer'))).toBe(true);
  });

  it('64 parallel orders with distinct keys on one customer all succeed, with a gapless customer stream', async () => {
    const customerId = await customer('Busy');
    const answers = await Promise.all(Array.from({ length: WAYS }, (_, i) => order(customerId, `busy-${i}`, [{ offerId: 'm365-business-basic-monthly', quantity: 1 }])));
    expect(answers.map((a) => a.status)).toEqual(Array(WAYS).fill(201));
    const stream = await events(`customer-${customerId}`);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => i));
    expect(new Set(answers.map((a) => a.body.revision)).size).toBe(WAYS);
    for (const answer of answers) {
      const placed = stream[answer.body.revision];
      expect(placed.type).toBe('OrderPlaced');
      expect(placed.data.orderId).toBe(answer.body.orderId);
    }
  });

  it('R10: after a restart, a repeated key (order and add-on order) answers byte for byte as the first time', async () => {
    const customerId = await customer('Returning');
    const first = await order(customerId, 'before-restart', [
      { offerId: 'm365-e3-monthly', quantity: 3 },
      { offerId: 'm365-business-basic-monthly', quantity: 2 },
    ]);
    expect(first.status).toBe(201);
    const base = first.body.subscriptions[0].id;
    const addOn = await api.request('POST', `/v1/subscriptions/${base}/add-ons`, {
      token: sales,
      headers: { 'idempotency-key': 'add-on-before-restart' },
      body: { offerId: 'teams-audio-conferencing', quantity: 3 },
    });
    expect(addOn.status).toBe(201);
    expect((await events(`subscription-${base}`)).map((e) => e.type)).toContain('AddOnAttached');

    await api.stop({ keepData: true });
    api = await TestApi.start({ dataDir: api.dataDir });
    sales = await api.token('partner-a', ['sales-agent']);

    const again = await order(customerId, 'before-restart', [
      { offerId: 'm365-e3-monthly', quantity: 3 },
      { offerId: 'm365-business-basic-monthly', quantity: 2 },
    ]);
    expect(again.status).toBe(201);
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
    const addOnAgain = await api.request('POST', `/v1/subscriptions/${base}/add-ons`, {
      token: sales,
      headers: { 'idempotency-key': 'add-on-before-restart' },
      body: { offerId: 'teams-audio-conferencing', quantity: 3 },
    });
    expect(addOnAgain.status).toBe(201);
    expect(JSON.stringify(addOnAgain.body)).toBe(JSON.stringify(addOn.body));
  });
});
