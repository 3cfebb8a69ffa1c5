import { TestApi } from './harness/test-api';

/** R25, R26, R30 and R8j over HTTP: new-commerce lines name an option, may co-term, and review shows each line's first charge. */
describe('new-commerce ordering over HTTP', () => {
  let api: TestApi;
  let sales: string;
  let customerId: string;

  beforeAll(async () => {
    api = await TestApi.start({ now: new Date('2026-01-15T10:00:00.000Z') });
    sales = await api.token('partner-a', ['sales-agent']);
    const created = await api.request('POST', '/v1/customers', { token: sales, body: { name: 'Contoso', billingCountry: 'TW', segment: 'commercial' } });
    customerId = created.body.id;
  });
  afterAll(() => api.stop());

  const review = (lines: unknown[]) => api.request('POST', `/v1/customers/${customerId}/orders/review`, { token: sales, body: { lines } });
  const place = (key: string, lines: unknown[]) => api.request('POST', `/v1/customers/${customerId}/orders`, { token: sales, headers: { 'idempotency-key': key }, body: { lines } });

  it('R25: the catalog shows a new-commerce offer with program and purchase options, its legacy price fields null', async () => {
    const offer = await api.request('GET', '/v1/offers/m365-e3-nce', { token: sales });
    expect(offer.status).toBe(200);
    expect(offer.body).toMatchObject({ program: 'new-commerce', billingFrequency: null, unitPrice: null });
    expect(offer.body.purchaseOptions).toContainEqual({ termDuration: 'P1Y', billingFrequency: 'monthly', unitPrice: { amount: '37.80', currency: 'USD' } });
    const legacy = await api.request('GET', '/v1/offers/m365-e3-monthly', { token: sales });
    expect(legacy.body).toMatchObject({ program: 'legacy', purchaseOptions: [] });
  });

  it('R25, R26: review shows each line its first charge (one cycle at the option price); legacy lines beside it unchanged', async () => {
    const answer = await review([
      { offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly' },
      { offerId: 'm365-e5-nce', quantity: 1, termDuration: 'P3Y', billingFrequency: 'triennial' },
      { offerId: 'm365-business-basic-monthly', quantity: 3 },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.lines.map((l: { valid: boolean; total: { amount: string } }) => [l.valid, l.total.amount])).toEqual([
      [true, '75.60'],
      [true, '2052.00'],
      [true, '21.60'],
    ]);
    expect(answer.body.total.amount).toBe('2149.20');
  });

  it('R8j: a new-commerce line without an option, or with one the offer does not list, is refused invalid-term; a legacy line naming one too', async () => {
    const answer = await review([
      { offerId: 'm365-e3-nce', quantity: 2 },
      { offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P3Y', billingFrequency: 'monthly' },
      { offerId: 'm365-business-basic-monthly', quantity: 3, termDuration: 'P1Y', billingFrequency: 'monthly' },
    ]);
    expect(answer.body.lines.map((l: { reasons: Array<{ code: string }> }) => l.reasons.map((r) => r.code))).toEqual([['invalid-term'], ['invalid-term'], ['invalid-term']]);
    const refused = await place('nce-refused', [{ offerId: 'm365-e3-nce', quantity: 2 }]);
    expect(refused.status).toBe(422);
    expect(refused.body.lines[0].reasons[0].code).toBe('invalid-term');
  });

  it('R25: malformed options and dates are 400s, unknown fields too', async () => {
    for (const line of [
      { offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P2Y', billingFrequency: 'monthly' },
      { offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'weekly' },
      { offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly', customTermEndDate: 'next month' },
      { offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly', customTermEndDate: '2026-13-01T00:00:00Z' },
      { offerId: 'm365-e3-nce', quantity: 2, termDuration: 1, billingFrequency: 'monthly' },
      { offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly', termEnd: '2026-02-01T00:00:00Z' },
    ]) {
      const answer = await review([line]);
      expect([answer.status, answer.body.code]).toEqual([400, 'validation-failed']);
    }
  });

  it('R25, R26: placing a P1Y monthly line buys a new-commerce subscription at its locked price with its first cycle', async () => {
    const bought = await place('nce-1', [{ offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly' }]);
    expect(bought.status).toBe(201);
    const [subscription] = bought.body.subscriptions;
    expect(subscription).toMatchObject({
      program: 'new-commerce',
      termDuration: 'P1Y',
      billingFrequency: 'monthly',
      unitPrice: { amount: '37.80', currency: 'USD' },
      quantity: 2,
      status: 'active',
      termStartedAt: '2026-01-15T10:00:00.000Z',
      termEndsAt: '2027-01-15T10:00:00.000Z',
      billingCycleStartedAt: '2026-01-15T10:00:00.000Z',
      billingCycleEndsAt: '2026-02-15T10:00:00.000Z',
      cancellationAllowedUntil: '2026-01-22T10:00:00.000Z',
      refundableQuantity: [{ quantity: 2, until: '2026-01-22T10:00:00.000Z' }],
      scheduledChanges: null,
      dataDeletionAt: null,
    });
    const repeat = await place('nce-1', [{ offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly' }]);
    expect(repeat.body).toEqual(bought.body);
    const got = await api.request('GET', `/v1/subscriptions/${subscription.id}?consistentWith=${bought.body.position}`, { token: sales });
    expect(got.body).toMatchObject({ program: 'new-commerce', unitPrice: { amount: '37.80' }, billingCycleEndsAt: '2026-02-15T10:00:00.000Z' });
    const history = await api.request('GET', `/v1/subscriptions/${subscription.id}/history`, { token: sales });
    expect(history.body.items.map((i: { type: string }) => i.type)).toEqual(['NewCommerceSubscriptionPurchased', 'NewCommerceCharged']);
    expect(history.body.items[1]).toMatchObject({ actor: { userId: 'user-1', partnerId: 'partner-a' }, effectiveAt: '2026-01-15T10:00:00.000Z', data: { kind: 'purchase', amountCents: 7560 } });
  });

  it('R10: the same key with another option is refused as a reused key', async () => {
    const other = await place('nce-1', [{ offerId: 'm365-e3-nce', quantity: 2, termDuration: 'P1Y', billingFrequency: 'annual' }]);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
  });

  it('R30: a P1Y monthly line co-termed to a month end: its last cycle is cut; a date that is not allowed is refused invalid-term-end-date', async () => {
    const refused = await review([{ offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly', customTermEndDate: '2026-03-15T00:00:00Z' }]);
    expect(refused.body.lines[0].reasons.map((r: { code: string }) => r.code)).toEqual(['invalid-term-end-date']);
    const tooLate = await review([{ offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly', customTermEndDate: '2027-02-01T00:00:00Z' }]);
    expect(tooLate.body.lines[0].reasons.map((r: { code: string }) => r.code)).toEqual(['invalid-term-end-date']);
    // A P1M monthly line ending on 2026-02-01: its only cycle is cut to 16 whole days of 31: 43.20 x 16 / 31 = 22.30.
    const cut = await review([{ offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1M', billingFrequency: 'monthly', customTermEndDate: '2026-02-01T00:00:00Z' }]);
    expect(cut.body.lines[0]).toMatchObject({ valid: true, total: { amount: '22.30' } });
    const bought = await place('nce-coterm', [{ offerId: 'm365-e3-nce', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly', customTermEndDate: '2027-01-01T00:00:00Z' }]);
    expect(bought.status).toBe(201);
    expect(bought.body.subscriptions[0]).toMatchObject({ termEndsAt: '2027-01-01T00:00:00.000Z', billingCycleEndsAt: '2026-02-15T10:00:00.000Z' });
    const order = await api.request('GET', `/v1/customers/${customerId}/orders/${bought.body.orderId}?consistentWith=${bought.body.position}`, { token: sales });
    expect(order.body.lines[0]).toMatchObject({ termDuration: 'P1Y', billingFrequency: 'monthly', customTermEndDate: '2027-01-01T00:00:00.000Z', total: { amount: '37.80' } });
  });
});
