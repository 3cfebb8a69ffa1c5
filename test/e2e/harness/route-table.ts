import { Permission } from '@ledger/domain';
import { TestApi } from './test-api';

/** The ids one partner's fixture owns, used to fill the route templates. */
export interface Fixture {
  customerId: string;
  subscriptionId: string;
  orderId: string;
  /** A new-commerce subscription of the same customer, for routes that apply to new commerce only (`withNewCommerce`). */
  newCommerceSubscriptionId?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: (f: Fixture) => string;
  permission: Permission;
  /** A body the route accepts. */
  body?: () => unknown;
  headers?: () => Record<string, string>;
  /** Which fixture ids the path carries (for the R1 foreign-id checks). */
  takesForeignId: boolean;
  /** The route succeeds only on a new-commerce subscription (R29): the fixture needs one (`withNewCommerce`). */
  newCommerce?: true;
}

let key = 0;
const idempotency = () => ({ 'idempotency-key': `route-${Date.now()}-${++key}` });

/** Every route of API.md that needs a token, with its R2 permission. */
export const ROUTES: Route[] = [
  { method: 'GET', path: () => '/v1/offers', permission: 'read', takesForeignId: false },
  { method: 'GET', path: (f) => `/v1/offers?customerId=${f.customerId}`, permission: 'read', takesForeignId: true },
  { method: 'GET', path: () => '/v1/offers/m365-business-basic-monthly', permission: 'read', takesForeignId: false },
  { method: 'POST', path: () => '/v1/customers', permission: 'create-customer', body: () => ({ name: 'Route Co', billingCountry: 'TW', segment: 'commercial' }), takesForeignId: false },
  { method: 'GET', path: () => '/v1/customers', permission: 'read', takesForeignId: false },
  { method: 'GET', path: (f) => `/v1/customers/${f.customerId}`, permission: 'read', takesForeignId: true },
  { method: 'POST', path: (f) => `/v1/customers/${f.customerId}/orders/review`, permission: 'order', body: () => ({ lines: [{ offerId: 'power-bi-pro-monthly', quantity: 1 }] }), takesForeignId: true },
  { method: 'POST', path: (f) => `/v1/customers/${f.customerId}/orders`, permission: 'order', body: () => ({ lines: [{ offerId: 'power-bi-pro-monthly', quantity: 1 }] }), headers: idempotency, takesForeignId: true },
  { method: 'GET', path: (f) => `/v1/customers/${f.customerId}/orders/${f.orderId}`, permission: 'read', takesForeignId: true },
  { method: 'GET', path: (f) => `/v1/customers/${f.customerId}/subscriptions`, permission: 'read', takesForeignId: true },
  { method: 'GET', path: (f) => `/v1/subscriptions/${f.subscriptionId}`, permission: 'read', takesForeignId: true },
  { method: 'GET', path: (f) => `/v1/subscriptions/${f.subscriptionId}?asOf=2030-01-01T00:00:00Z`, permission: 'read', takesForeignId: true },
  { method: 'GET', path: (f) => `/v1/subscriptions/${f.subscriptionId}/history`, permission: 'read', takesForeignId: true },
  { method: 'POST', path: (f) => `/v1/subscriptions/${f.subscriptionId}/suspend`, permission: 'suspend-reactivate', body: () => ({ reason: 'other' }), takesForeignId: true },
  { method: 'POST', path: (f) => `/v1/subscriptions/${f.subscriptionId}/reactivate`, permission: 'suspend-reactivate', takesForeignId: true },
  { method: 'POST', path: (f) => `/v1/subscriptions/${f.subscriptionId}/cancel`, permission: 'cancel', takesForeignId: true },
  { method: 'PUT', path: (f) => `/v1/subscriptions/${f.subscriptionId}/auto-renew`, permission: 'toggle-auto-renew', body: () => ({ enabled: false }), takesForeignId: true },
  { method: 'PUT', path: (f) => `/v1/subscriptions/${f.subscriptionId}/quantity`, permission: 'order', body: () => ({ quantity: 6 }), takesForeignId: true },
  { method: 'POST', path: (f) => `/v1/subscriptions/${f.subscriptionId}/add-ons`, permission: 'order', body: () => ({ offerId: 'teams-audio-conferencing', quantity: 1 }), headers: idempotency, takesForeignId: true },
  { method: 'GET', path: (f) => `/v1/customers/${f.customerId}/term-end-dates?offerId=m365-e3-nce&termDuration=P1Y`, permission: 'read', takesForeignId: true },
  { method: 'PUT', path: (f) => `/v1/subscriptions/${f.newCommerceSubscriptionId ?? f.subscriptionId}/scheduled-changes`, permission: 'schedule-changes', body: () => ({ quantity: 7 }), takesForeignId: true, newCommerce: true },
  { method: 'DELETE', path: (f) => `/v1/subscriptions/${f.newCommerceSubscriptionId ?? f.subscriptionId}/scheduled-changes`, permission: 'schedule-changes', takesForeignId: true, newCommerce: true },
  { method: 'GET', path: (f) => `/v1/customers/${f.customerId}/ledger`, permission: 'billing', takesForeignId: true },
  { method: 'GET', path: () => '/v1/dashboard/summary', permission: 'read', takesForeignId: false },
  { method: 'GET', path: () => '/v1/analytics/monthly?from=2026-01&to=2026-12', permission: 'read', takesForeignId: false },
  { method: 'GET', path: (f) => `/v1/analytics/monthly?from=2026-01&to=2026-12&customerId=${f.customerId}`, permission: 'read', takesForeignId: true },
  // The fixture's purchase (at the harness's T0, 2026-01-31) is on the 2026-02 invoice; a period is not a partner's id.
  { method: 'GET', path: () => '/v1/invoices', permission: 'invoices', takesForeignId: false },
  { method: 'GET', path: () => '/v1/invoices/2026-02', permission: 'invoices', takesForeignId: false },
  { method: 'GET', path: () => '/v1/invoices/2026-02/lines', permission: 'invoices', takesForeignId: false },
  { method: 'GET', path: (f) => `/v1/invoices/2026-02/lines?customerId=${f.customerId}`, permission: 'invoices', takesForeignId: true },
  { method: 'GET', path: () => '/v1/invoices/2026-02/reconciliation.csv', permission: 'invoices', takesForeignId: false },
  { method: 'GET', path: () => '/v1/invoices/2026-02/invoice.pdf', permission: 'invoices', takesForeignId: false },
  { method: 'GET', path: () => '/v1/test-clock', permission: 'read', takesForeignId: false },
  { method: 'POST', path: () => '/v1/test-clock/advance', permission: 'move-test-clock', body: () => ({ by: 'PT1S' }), takesForeignId: false },
  { method: 'GET', path: () => '/v1/events', permission: 'read-event-feed', takesForeignId: false },
  { method: 'GET', path: (f) => `/v1/events?customerId=${f.customerId}`, permission: 'read-event-feed', takesForeignId: false },
  { method: 'POST', path: () => '/v1/webhook-endpoints', permission: 'manage-webhooks', body: () => ({ url: 'http://127.0.0.1:9/hook', eventTypes: ['SubscriptionSuspended'] }), takesForeignId: false },
  { method: 'GET', path: () => '/v1/webhook-endpoints', permission: 'manage-webhooks', takesForeignId: false },
  { method: 'GET', path: () => '/v1/me', permission: 'read', takesForeignId: false },
];

export const describeRoute = (route: Route) => `${route.method} ${route.path({ customerId: ':customerId', subscriptionId: ':subscriptionId', orderId: ':orderId' })}`;

/** A customer with an active E3 subscription (add-ons allowed) for `partnerId`. */
export async function fixture(api: TestApi, partnerId: string): Promise<Fixture> {
  const token = await api.token(partnerId, ['global-admin']);
  const customer = await api.request('POST', '/v1/customers', { token, body: { name: `${partnerId} customer`, billingCountry: 'TW', segment: 'commercial' } });
  const order = await api.request('POST', `/v1/customers/${customer.body.id}/orders`, {
    token,
    headers: { 'idempotency-key': `fixture-${partnerId}` },
    body: { lines: [{ offerId: 'm365-e3-monthly', quantity: 5 }] },
  });
  if (order.status !== 201) throw new Error(`fixture order failed: ${JSON.stringify(order.body)}`);
  const position = order.body.position;
  const ready = await api.request('GET', `/v1/subscriptions/${order.body.subscriptions[0].id}?consistentWith=${position}`, { token });
  if (ready.status !== 200) throw new Error('fixture not projected');
  return { customerId: customer.body.id, subscriptionId: order.body.subscriptions[0].id, orderId: order.body.orderId };
}

/** The fixture with a new-commerce subscription (P1Y billed monthly) of its customer as well. */
export async function withNewCommerce(api: TestApi, partnerId: string, f: Fixture): Promise<Fixture> {
  const token = await api.token(partnerId, ['global-admin']);
  const order = await api.request('POST', `/v1/customers/${f.customerId}/orders`, {
    token,
    headers: { 'idempotency-key': `fixture-nce-${partnerId}` },
    body: { lines: [{ offerId: 'm365-e3-nce', quantity: 5, termDuration: 'P1Y', billingFrequency: 'monthly' }] },
  });
  if (order.status !== 201) throw new Error(`new-commerce fixture order failed: ${JSON.stringify(order.body)}`);
  return { ...f, newCommerceSubscriptionId: order.body.subscriptions[0].id };
}

export async function headPosition(api: TestApi): Promise<string | null> {
  return (await api.request('GET', '/health')).body.details.eventStore.head;
}
