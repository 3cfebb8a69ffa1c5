import { spec } from '../testing/decider-specification';
import { webhookEndpointDecider } from './webhook.decide';
import { WebhookEndpointEvent } from './webhook.events';
import { signingGenerations, subscribesTo } from './webhook.state';

const T0 = new Date('2026-01-31T09:00:00.000Z');
const at = (ms: number) => ({ now: new Date(T0.getTime() + ms) });
const HOUR = 3_600_000;

const created: WebhookEndpointEvent = {
  type: 'WebhookEndpointCreated',
  data: { endpointId: 'we-1', partnerId: 'p-1', url: 'https://example.com/hook', eventTypes: ['*'], description: null, secretGeneration: 1, createdAt: T0.toISOString() },
};
const deleted: WebhookEndpointEvent = { type: 'WebhookEndpointDeleted', data: { endpointId: 'we-1', deletedAt: T0.toISOString() } };
const disabled: WebhookEndpointEvent = { type: 'WebhookEndpointDisabled', data: { endpointId: 'we-1', reason: 'deliveries-failing', disabledAt: T0.toISOString() } };

describe('R22 webhook endpoints', () => {
  it('R22: an endpoint is created with the first secret generation (the secret itself never enters the log)', () =>
    spec(webhookEndpointDecider)
      .given()
      .when({ type: 'CreateWebhookEndpoint', endpointId: 'we-1', partnerId: 'p-1', url: 'https://example.com/hook', eventTypes: ['*'], description: null }, at(0))
      .then(created));

  it('R22: eventTypes must name at least one type', () =>
    spec(webhookEndpointDecider)
      .given()
      .when({ type: 'CreateWebhookEndpoint', endpointId: 'we-1', partnerId: 'p-1', url: 'https://example.com/hook', eventTypes: [], description: null }, at(0))
      .thenFails('invalid-event-types'));

  it('R22: an update records only what changed', () =>
    spec(webhookEndpointDecider)
      .given(created)
      .when({ type: 'UpdateWebhookEndpoint', endpointId: 'we-1', partnerId: 'p-1', url: 'https://example.com/hook', eventTypes: ['SubscriptionSuspended'], enabled: true }, at(HOUR))
      .then({ type: 'WebhookEndpointUpdated', data: { endpointId: 'we-1', eventTypes: ['SubscriptionSuspended'], updatedAt: at(HOUR).now.toISOString() } }));

  it('R22: an update that changes nothing records nothing', () =>
    spec(webhookEndpointDecider).given(created).when({ type: 'UpdateWebhookEndpoint', endpointId: 'we-1', partnerId: 'p-1', enabled: true }, at(HOUR)).then());

  it('R22: rotation makes a new generation and keeps the old one signing for 24 h', () =>
    spec(webhookEndpointDecider)
      .given(created)
      .when({ type: 'RotateWebhookSecret', endpointId: 'we-1', partnerId: 'p-1' }, at(HOUR))
      .then({
        type: 'WebhookSecretRotated',
        data: { endpointId: 'we-1', secretGeneration: 2, previousGeneration: 1, previousValidUntil: new Date(T0.getTime() + 25 * HOUR).toISOString(), rotatedAt: at(HOUR).now.toISOString() },
      }));

  it('R1: another partner cannot see or change the endpoint', () =>
    spec(webhookEndpointDecider).given(created).when({ type: 'RotateWebhookSecret', endpointId: 'we-1', partnerId: 'p-2' }, at(0)).thenFails('webhook-endpoint-not-found'));

  it('R22: a deleted endpoint is gone', () =>
    spec(webhookEndpointDecider).given(created, deleted).when({ type: 'UpdateWebhookEndpoint', endpointId: 'we-1', partnerId: 'p-1', enabled: true }, at(0)).thenFails('webhook-endpoint-not-found'));

  it('R22: an endpoint failing for 3 days is disabled once', () => {
    spec(webhookEndpointDecider)
      .given(created)
      .when({ type: 'DisableFailingWebhookEndpoint', endpointId: 'we-1', partnerId: 'p-1' }, at(0))
      .then(disabled);
    spec(webhookEndpointDecider).given(created, disabled).when({ type: 'DisableFailingWebhookEndpoint', endpointId: 'we-1', partnerId: 'p-1' }, at(HOUR)).then();
  });
});

describe('R22 signing generations and type matching', () => {
  const endpoint = { secretGeneration: 2, previousGeneration: 1, previousValidUntil: new Date(T0.getTime() + 24 * HOUR).toISOString() };

  it('R22: both secrets sign during the overlap, only the new one after it', () => {
    expect(signingGenerations(endpoint, new Date(T0.getTime() + 24 * HOUR - 1))).toEqual([2, 1]);
    expect(signingGenerations(endpoint, new Date(T0.getTime() + 24 * HOUR))).toEqual([2]);
  });

  it('R22: "*" matches every type, a list only its own', () => {
    expect(subscribesTo({ eventTypes: ['*'] }, 'SubscriptionSuspended')).toBe(true);
    expect(subscribesTo({ eventTypes: ['SubscriptionPurchased'] }, 'SubscriptionSuspended')).toBe(false);
  });
});
