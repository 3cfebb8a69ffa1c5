import { TestApi } from './harness/test-api';

describe('event feed (R23) end to end', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  async function customer(token: string, name: string): Promise<{ id: string; position: string }> {
    const created = await api.request('POST', '/v1/customers', { token, body: { name, billingCountry: 'TW', segment: 'commercial' } });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('R23 R1: a partner reads its own events in log order, filtered by type, customer, user and time, paged by position', async () => {
    const alice = await api.token('p-1', ['admin-agent'], 'alice');
    const bob = await api.token('p-1', ['global-admin'], 'bob');
    const other = await api.token('p-2', ['global-admin'], 'mallory');
    const first = await customer(alice, 'First Co');
    await customer(other, 'Other Co');
    const order = await api.request('POST', `/v1/customers/${first.id}/orders`, {
      token: bob,
      headers: { 'idempotency-key': 'feed-order' },
      body: { lines: [{ offerId: 'm365-e3-monthly', quantity: 2 }] },
    });
    expect(order.status).toBe(201);
    const subscriptionId: string = order.body.subscriptions[0].id;
    const suspended = await api.request('POST', `/v1/subscriptions/${subscriptionId}/suspend`, { token: alice, body: { reason: 'other' } });
    expect(suspended.status).toBe(200);
    const second = await customer(alice, 'Second Co');
    const at = `consistentWith=${second.position}`;

    const all = await api.request('GET', `/v1/events?${at}`, { token: alice });
    expect(all.status).toBe(200);
    const positions = all.body.items.map((e: { position: string }) => e.position);
    expect(positions).toEqual([...positions].sort());
    expect(new Set(all.body.items.map((e: { partnerId: string }) => e.partnerId))).toEqual(new Set(['p-1']));
    expect(all.body.items.some((e: { type: string }) => e.type.startsWith('Offer'))).toBe(false);
    expect(all.body.items[0]).toMatchObject({ type: 'CustomerCreated', actor: { userId: 'alice', partnerId: 'p-1' }, causationId: null });
    expect(all.body.items[0].correlationId).toEqual(expect.any(String));

    // The customer filter includes subscription events that do not name the customer themselves.
    const ofFirst = await api.request('GET', `/v1/events?customerId=${first.id}&${at}`, { token: alice });
    expect(ofFirst.body.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['CustomerCreated', 'OrderPlaced', 'SubscriptionPurchased', 'SubscriptionSuspended']));
    expect(ofFirst.body.items.every((e: { customerId: string }) => e.customerId === first.id)).toBe(true);

    const types = await api.request('GET', `/v1/events?types=SubscriptionSuspended,CustomerCreated&${at}`, { token: alice });
    expect(types.body.items.map((e: { type: string }) => e.type)).toEqual(['CustomerCreated', 'SubscriptionSuspended', 'CustomerCreated']);
    expect(types.body.items[1].subscriptionId).toBe(subscriptionId);
    // Several types are merged by position: paging one at a time gives the same sequence.
    const typed: string[] = [];
    let next: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await api.request('GET', `/v1/events?types=SubscriptionSuspended,CustomerCreated&limit=1${next ? `&after=${next}` : ''}`, { token: alice });
      typed.push(...page.body.items.map((e) => e.id));
      next = page.body.nextCursor;
    } while (next);
    expect(typed).toEqual(types.body.items.map((e: { id: string }) => e.id));

    const byBob = await api.request('GET', `/v1/events?userId=bob&${at}`, { token: alice });
    expect(byBob.body.items.length).toBeGreaterThan(0);
    expect(byBob.body.items.every((e: { actor: { userId: string } }) => e.actor.userId === 'bob')).toBe(true);

    const window = await api.request('GET', `/v1/events?from=2026-01-31T09:00:00Z&to=2026-01-31T09:00:00Z&${at}`, { token: alice });
    expect(window.body.items).toHaveLength(all.body.items.length);
    const later = await api.request('GET', `/v1/events?from=2026-02-01T00:00:00Z&${at}`, { token: alice });
    expect(later.body.items).toEqual([]);

    // Paging: pages of 2 in log order add up to the whole feed; the last page has no cursor.
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { items: Array<{ position: string }>; nextCursor: string | null } } = await api.request('GET', `/v1/events?limit=2${after ? `&after=${after}` : ''}`, { token: alice });
      paged.push(...page.body.items.map((e) => e.position));
      after = page.body.nextCursor;
    } while (after);
    expect(paged).toEqual(positions);

    const theirs = await api.request('GET', `/v1/events?${at}`, { token: other });
    expect(theirs.body.items.map((e: { type: string; partnerId: string }) => [e.type, e.partnerId])).toEqual([['CustomerCreated', 'p-2']]);
    expect((await api.request('GET', `/v1/events?customerId=${first.id}`, { token: other })).body.items).toEqual([]);
  });

  it('R23 R2: sales and helpdesk agents may not read the feed; billing admins may', async () => {
    expect((await api.request('GET', '/v1/events', { token: await api.token('p-1', ['sales-agent']) })).status).toBe(403);
    expect((await api.request('GET', '/v1/events', { token: await api.token('p-1', ['helpdesk-agent']) })).status).toBe(403);
    expect((await api.request('GET', '/v1/events', { token: await api.token('p-1', ['billing-admin']) })).status).toBe(200);
    expect((await api.request('GET', '/v1/events')).status).toBe(401);
  });

  it('R23: bad positions, instants, types, limits and a reversed range are 400 problems', async () => {
    const token = await api.token('p-1', ['admin-agent']);
    for (const query of ['after=abc', 'from=yesterday', 'to=2026-13-01T00:00:00Z', 'types=not%20a%20type', 'limit=0', 'limit=1001', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'unknown=1']) {
      const answer = await api.request('GET', `/v1/events?${query}`, { token });
      expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'validation-failed']);
    }
  });
});
