import { TestApi } from './harness/test-api';

describe('catalog and ordering over HTTP', () => {
  let api: TestApi;
  let sales: string;
  let customerId: string;
  let position: string;

  beforeAll(async () => {
    api = await TestApi.start();
    sales = await api.token('partner-a', ['sales-agent']);
    const created = await api.request('POST', '/v1/customers', { token: sales, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } });
    customerId = created.body.id;
    position = created.body.position;
  });
  afterAll(() => api.stop());

  const head = async () => (await api.request('GET', '/health')).body.details.eventStore.head;

  it('R5: lists the demo catalog with money as decimal strings, filtered', async () => {
    const all = await api.request('GET', '/v1/offers', { token: sales });
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(25);
    const basic = all.body.items.find((o: { id: string }) => o.id === 'm365-business-basic-monthly');
    expect(basic).toMatchObject({ publisher: 'microsoft', billingType: 'license', unitPrice: { amount: '7.20', currency: 'USD' }, minQuantity: 1 });
    const isv = await api.request('GET', '/v1/offers?publisher=partner&billingType=usage', { token: sales });
    expect(isv.body.items.every((o: { publisher: string; billingType: string }) => o.publisher === 'partner' && o.billingType === 'usage')).toBe(true);
    expect((await api.request('GET', '/v1/offers?publisher=acme', { token: sales })).status).toBe(400);
  });

  it('R6: with customerId every offer says whether it can be bought, and why not', async () => {
    const listed = await api.request('GET', `/v1/offers?customerId=${customerId}&consistentWith=${position}`, { token: sales });
    const byId = Object.fromEntries(listed.body.items.map((o: { id: string; eligibility: unknown }) => [o.id, o.eligibility]));
    expect(byId['m365-business-basic-monthly']).toEqual({ purchasable: true, reasons: [] });
    expect(byId['m365-a3-education-monthly'].reasons.map((r: { code: string }) => r.code)).toEqual(['segment-not-supported']);
    expect(byId['m365-g3-government-annual'].reasons.map((r: { code: string }) => r.code)).toContain('country-not-supported');
    expect(byId['copilot-partner-elite-annual'].reasons.map((r: { code: string }) => r.code)).toEqual(['exclusive-offer']);
    expect(byId['adatum-firewall-vm'].reasons.map((r: { code: string }) => r.code)).toEqual(['not-transactable']);
  });

  it('R7: review validates every line with reason codes and writes nothing', async () => {
    const before = await head();
    const review = await api.request('POST', `/v1/customers/${customerId}/orders/review`, {
      token: sales,
      body: { lines: [{ offerId: 'm365-business-basic-monthly', quantity: 3 }, { offerId: 'no-such-offer', quantity: 1 }, { offerId: 'azure-plan', quantity: 2 }] },
    });
    expect(review.status).toBe(200);
    expect(review.body.valid).toBe(false);
    expect(review.body.lines.map((l: { valid: boolean; reasons: Array<{ code: string }> }) => [l.valid, l.reasons.map((r) => r.code)])).toEqual([
      [true, []],
      [false, ['offer-not-found']],
      [false, ['invalid-quantity']],
    ]);
    expect(review.body.lines[0].total).toEqual({ amount: '21.60', currency: 'USD' });
    expect(await head()).toBe(before);
  });

  it('R7: a refused purchase answers 422 order-refused with lines and buys nothing', async () => {
    const before = await head();
    const refused = await api.request('POST', `/v1/customers/${customerId}/orders`, {
      token: sales,
      headers: { 'idempotency-key': 'refused-1' },
      body: { lines: [{ offerId: 'm365-business-basic-monthly', quantity: 3 }, { offerId: 'm365-a3-education-monthly', quantity: 1 }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('order-refused');
    expect(refused.body.lines[1].reasons[0].code).toBe('segment-not-supported');
    expect(await head()).toBe(before);
  });

  it('R7/R11: buys a mixed order: one subscription per line, ISV provisioning URL shown, trial started', async () => {
    const bought = await api.request('POST', `/v1/customers/${customerId}/orders`, {
      token: sales,
      headers: { 'idempotency-key': 'mixed-1' },
      body: { lines: [{ offerId: 'm365-business-standard-monthly', quantity: 5 }, { offerId: 'contoso-crm-saas-monthly', quantity: 2 }, { offerId: 'azure-plan' }] },
    });
    expect(bought.status).toBe(201);
    expect(bought.body.subscriptions).toHaveLength(3);
    expect(bought.body).toMatchObject({ position: expect.stringMatching(/^\d{16}$/), revision: expect.any(Number) });
    const [standard, crm, azure] = bought.body.subscriptions;
    expect(standard).toMatchObject({ status: 'active', quantity: 5, inTrial: false, autoRenew: true, provisioningUrl: null, termEndsAt: '2026-02-28T09:00:00.000Z', serviceAccess: true });
    expect(crm).toMatchObject({ inTrial: true, trialEndsAt: '2026-03-02T09:00:00.000Z', provisioningUrl: 'https://crm.contoso.example/activate' });
    expect(azure).toMatchObject({ billingType: 'usage', quantity: null });
    const order = await api.request('GET', `/v1/customers/${customerId}/orders/${bought.body.orderId}?consistentWith=${bought.body.position}`, { token: sales });
    expect(order.status).toBe(200);
    expect(order.body.lines).toHaveLength(3);
    const list = await api.request('GET', `/v1/customers/${customerId}/subscriptions?consistentWith=${bought.body.position}`, { token: sales });
    expect(list.body.items.map((s: { id: string }) => s.id).sort()).toEqual(bought.body.subscriptions.map((s: { id: string }) => s.id).sort());
    const usageOnly = await api.request('GET', `/v1/customers/${customerId}/subscriptions?billingType=usage`, { token: sales });
    expect(usageOnly.body.items.map((s: { offerId: string }) => s.offerId)).toEqual(['azure-plan']);
  });

  it('R8c: buying the one-per-customer Azure plan again is refused with one-per-customer', async () => {
    const again = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': 'azure-2' }, body: { lines: [{ offerId: 'azure-plan' }] } });
    expect(again.status).toBe(422);
    expect(again.body.lines[0].reasons[0]).toMatchObject({ code: 'one-per-customer', subscriptionId: expect.any(String) });
  });

  it('R10: the same Idempotency-Key returns the first answer; with another body it is refused', async () => {
    const body = { lines: [{ offerId: 'power-bi-pro-monthly', quantity: 2 }] };
    const first = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': 'pbi-1' }, body });
    const second = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': 'pbi-1' }, body });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const other = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': 'pbi-1' }, body: { lines: [{ offerId: 'power-bi-pro-monthly', quantity: 3 }] } });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
    const missing = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, body });
    expect(missing.status).toBe(400);
  });

  it("R10: a key is the partner's: used again for another of its customers, it is refused as reused and buys nothing there, whatever the lines", async () => {
    const body = { lines: [{ offerId: 'm365-business-basic-monthly', quantity: 1 }] };
    const first = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': 'shared-key-1' }, body });
    expect(first.status).toBe(201);
    const other = await api.request('POST', '/v1/customers', { token: sales, body: { name: 'Fabrikam', billingCountry: 'TW', segment: 'commercial' } });
    const bodies = [body, { lines: [{ offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1M', billingFrequency: 'monthly' }] }];
    for (const reused of bodies) {
      const refused = await api.request('POST', `/v1/customers/${other.body.id}/orders`, { token: sales, headers: { 'idempotency-key': 'shared-key-1' }, body: reused });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('idempotency-key-reused');
    }
    const again = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': 'shared-key-1' }, body });
    expect(again.body).toEqual(first.body);
    const bought = await api.request('GET', `/v1/customers/${other.body.id}/subscriptions?consistentWith=${again.body.position}`, { token: sales });
    expect(bought.body.items).toEqual([]);
    const fresh = await api.request('POST', `/v1/customers/${other.body.id}/orders`, { token: sales, headers: { 'idempotency-key': 'shared-key-2' }, body });
    expect(fresh.status).toBe(201);
  });

  it('R15: buys an add-on on an active base; it is linked both ways', async () => {
    const base = await api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': 'e3-1' }, body: { lines: [{ offerId: 'm365-e3-monthly', quantity: 10 }] } });
    const baseId = base.body.subscriptions[0].id;
    const addOn = await api.request('POST', `/v1/subscriptions/${baseId}/add-ons`, { token: sales, headers: { 'idempotency-key': 'audio-1' }, body: { offerId: 'teams-audio-conferencing', quantity: 10 } });
    expect(addOn.status).toBe(201);
    expect(addOn.body.subscriptions[0]).toMatchObject({ parentSubscriptionId: baseId, offerId: 'teams-audio-conferencing' });
    const read = await api.request('GET', `/v1/subscriptions/${baseId}?consistentWith=${addOn.body.position}`, { token: sales });
    expect(read.body.addOnIds).toEqual([addOn.body.subscriptions[0].id]);
    const wrong = await api.request('POST', `/v1/subscriptions/${baseId}/add-ons`, { token: sales, headers: { 'idempotency-key': 'audio-2' }, body: { offerId: 'power-bi-pro-monthly', quantity: 1 } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('add-on-not-allowed');
  });
});
