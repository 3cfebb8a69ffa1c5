import { ServiceProcess } from './service-process';

/** A customer with one monthly subscription bought through `api`; reads wait on each answer's position. */
export async function buyMonthly(api: ServiceProcess, token: string, name: string): Promise<{ customerId: string; subscriptionId: string; orderId: string }> {
  const customer = await api.request('POST', '/v1/customers', { token, body: { name, billingCountry: 'TW', segment: 'commercial' } });
  expect(customer.status).toBe(201);
  const read = await api.request('GET', `/v1/customers/${customer.body.id}?consistentWith=${encodeURIComponent(customer.body.position)}`, { token });
  expect(read.status).toBe(200);
  const order = await api.request('POST', `/v1/customers/${customer.body.id}/orders`, {
    token,
    headers: { 'idempotency-key': `order-${name.replace(/\W/g, '-')}` },
    body: { lines: [{ offerId: 'm365-business-basic-monthly', quantity: 3 }] },
  });
  expect(order.status).toBe(201);
  const subscriptionId: string = order.body.subscriptions[0].id;
  const subscription = await api.request('GET', `/v1/subscriptions/${subscriptionId}?consistentWith=${encodeURIComponent(order.body.position)}`, { token });
  expect(subscription.body).toMatchObject({ id: subscriptionId, status: 'active', quantity: 3 });
  return { customerId: customer.body.id as string, subscriptionId, orderId: order.body.orderId as string };
}

/** The test clock moved forward `by` (ISO 8601 duration) once every timer due by then fired; answers the log position then. */
export async function advance(api: ServiceProcess, token: string, by: string): Promise<string> {
  const answer = await api.request('POST', '/v1/test-clock/advance', { token, body: { by } });
  expect(answer.status).toBe(200);
  return answer.body.position;
}
