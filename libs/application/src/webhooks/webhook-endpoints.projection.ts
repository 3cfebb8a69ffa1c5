import { evolveWebhookEndpoint, initialWebhookEndpointState, WEBHOOK_ENDPOINT_STREAM_PREFIX, WebhookEndpoint, WebhookEndpointEvent } from '@ledger/domain';
import { Projection } from '../projections/projection';
import { ReadDocument } from '../ports/read-store.port';
import { toDomainEvent } from '../commands/upcasting';

export interface WebhookEndpointDocument extends ReadDocument {
  endpoint: WebhookEndpoint;
}

/** `webhook-endpoints` (R22): what the API lists and the dispatcher sends with (URL, enabled, secret generations). */
export const webhookEndpointsProjection: Projection<WebhookEndpointDocument> = {
  name: 'webhook-endpoints',
  version: 1,
  collection: 'webhook_endpoints',
  schema: { columns: { partnerId: 'text', deleted: 'integer', createdAt: 'text' }, indexes: [['partnerId', 'deleted', 'createdAt']] },
  documentId: (event) => (event.stream.startsWith(WEBHOOK_ENDPOINT_STREAM_PREFIX) ? event.stream.slice(WEBHOOK_ENDPOINT_STREAM_PREFIX.length) : null),
  evolve(current, event) {
    const state = evolveWebhookEndpoint(current?.endpoint ?? initialWebhookEndpointState, toDomainEvent<WebhookEndpointEvent>(event));
    if (state.status === 'none') return null;
    return { id: state.endpointId, endpoint: state };
  },
  columns: ({ endpoint }) => ({ partnerId: endpoint.partnerId, deleted: endpoint.status === 'deleted' ? 1 : 0, createdAt: endpoint.createdAt }),
};
