import { RecordedEvent } from '../ports/event-store.port';
import { planDeliveries, PlannerEndpoints } from './delivery-planner';

const pos = (n: number) => String(n).padStart(16, '0');
function event(n: number, stream: string, type: string, data: Record<string, unknown>, partnerId = 'p-1'): RecordedEvent {
  return {
    id: `e-${n}`,
    type,
    data,
    metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId, roles: [] }, occurredAt: `2026-01-31T09:00:0${n}.000Z`, schema: 1 },
    stream,
    revision: 0,
    position: pos(n),
  };
}
const endpointCreated = (n: number, id: string, partnerId: string, eventTypes: string[]) =>
  event(n, `webhook-endpoint-${id}`, 'WebhookEndpointCreated', { endpointId: id, partnerId, url: 'https://x.example/h', eventTypes, description: null, secretGeneration: 1, createdAt: '2026-01-31T09:00:00.000Z' }, partnerId);

const noCustomers = new Map<string, string | null>();

describe('R22 delivery planner (process manager)', () => {
  const early = event(1, 'subscription-s-1', 'SubscriptionSuspended', { subscriptionId: 's-1' });
  const all = endpointCreated(2, 'we-all', 'p-1', ['*']);
  const onlyCancel = endpointCreated(3, 'we-cancel', 'p-1', ['SubscriptionCancelled']);
  const otherPartner = endpointCreated(4, 'we-p2', 'p-2', ['*']);
  const suspended = event(5, 'subscription-s-1', 'SubscriptionSuspended', { subscriptionId: 's-1' });
  const cancelled = event(6, 'subscription-s-1', 'SubscriptionCancelled', { subscriptionId: 's-1' });

  it('R22: each matching endpoint of the partner gets the event, from its creation on; never another partner\'s endpoint', () => {
    const planned = planDeliveries(new Map(), [early, all, onlyCancel, otherPartner, suspended, cancelled], new Map([[suspended.id, 'c-1']]));
    expect(planned.deliveries.map((d) => d.id)).toEqual(['we-all:e-5', 'we-all:e-6', 'we-cancel:e-6']);
    expect(planned.deliveries[0]).toMatchObject({ status: 'pending', orderKey: 's-1', nextAttemptAt: suspended.metadata.occurredAt, payload: { id: 'e-5', customerId: 'c-1', subscriptionId: 's-1', partnerId: 'p-1', position: pos(5) } });
  });

  it('R22: an event delivered twice plans the same deliveries, and endpoint events already applied are skipped', () => {
    const first = planDeliveries(new Map(), [all, suspended], noCustomers);
    const again = planDeliveries(first.endpoints, [all, suspended], noCustomers);
    expect(again.changedEndpoints).toEqual([]);
    expect(again.deliveries).toEqual(first.deliveries);
  });

  it('R22: disabled or deleted endpoints get nothing', () => {
    const disabled = event(7, 'webhook-endpoint-we-all', 'WebhookEndpointDisabled', { endpointId: 'we-all', reason: 'deliveries-failing', disabledAt: 'x' });
    const state: PlannerEndpoints = planDeliveries(new Map(), [all, disabled], noCustomers).endpoints;
    expect(planDeliveries(state, [event(8, 'customer-c-1', 'CustomerCreated', { customerId: 'c-1' })], noCustomers).deliveries).toEqual([]);
  });

  it('R22: the shared catalog goes to nobody', () => {
    const state = planDeliveries(new Map(), [all], noCustomers).endpoints;
    expect(planDeliveries(state, [event(9, 'catalog', 'OfferImported', {})], noCustomers).deliveries).toEqual([]);
  });
});
