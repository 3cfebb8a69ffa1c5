import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { WebhookEndpointCommand } from './webhook.commands';
import { WebhookEndpointEvent } from './webhook.events';
import { evolveWebhookEndpoint, initialWebhookEndpointState, WebhookEndpoint, WebhookEndpointState } from './webhook.state';

/** R22: after a rotation the old secret keeps signing for 24 h. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function decideWebhookEndpoint(command: WebhookEndpointCommand, state: WebhookEndpointState, { now }: { now: Date }): WebhookEndpointEvent[] {
  const at = now.toISOString();
  if (command.type === 'CreateWebhookEndpoint') {
    if (state.status !== 'none') throw new DomainError('webhook-endpoint-exists', `webhook endpoint ${command.endpointId} already exists`);
    if (command.eventTypes.length === 0) throw new DomainError('invalid-event-types', 'eventTypes needs at least one type, or ["*"] for all');
    const { endpointId, partnerId, url, eventTypes, description } = command;
    return [{ type: 'WebhookEndpointCreated', data: { endpointId, partnerId, url, eventTypes: [...new Set(eventTypes)], description, secretGeneration: 1, createdAt: at } }];
  }
  const endpoint = existing(state, command);
  switch (command.type) {
    case 'UpdateWebhookEndpoint': {
      if (command.eventTypes !== undefined && command.eventTypes.length === 0) throw new DomainError('invalid-event-types', 'eventTypes needs at least one type, or ["*"] for all');
      const change = {
        ...(command.url !== undefined && command.url !== endpoint.url && { url: command.url }),
        ...(command.eventTypes !== undefined && !sameTypes(command.eventTypes, endpoint.eventTypes) && { eventTypes: [...new Set(command.eventTypes)] }),
        ...(command.enabled !== undefined && command.enabled !== endpoint.enabled && { enabled: command.enabled }),
      };
      if (Object.keys(change).length === 0) return [];
      return [{ type: 'WebhookEndpointUpdated', data: { endpointId: endpoint.endpointId, ...change, updatedAt: at } }];
    }
    case 'RotateWebhookSecret':
      return [
        {
          type: 'WebhookSecretRotated',
          data: {
            endpointId: endpoint.endpointId,
            secretGeneration: endpoint.secretGeneration + 1,
            previousGeneration: endpoint.secretGeneration,
            previousValidUntil: new Date(now.getTime() + SECRET_OVERLAP_MS).toISOString(),
            rotatedAt: at,
          },
        },
      ];
    case 'DisableFailingWebhookEndpoint':
      // Already disabled (by hand or by an earlier failure): nothing to record.
      if (!endpoint.enabled) return [];
      return [{ type: 'WebhookEndpointDisabled', data: { endpointId: endpoint.endpointId, reason: 'deliveries-failing', disabledAt: at } }];
    case 'DeleteWebhookEndpoint':
      return [{ type: 'WebhookEndpointDeleted', data: { endpointId: endpoint.endpointId, deletedAt: at } }];
  }
}

/** R1: another partner's endpoint, or a deleted one, looks missing. */
function existing(state: WebhookEndpointState, command: { endpointId: string; partnerId: string }): WebhookEndpoint {
  if (state.status !== 'active' || state.partnerId !== command.partnerId) {
    throw new DomainError('webhook-endpoint-not-found', `webhook endpoint ${command.endpointId} not found`);
  }
  return state;
}

function sameTypes(a: string[], b: string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((t) => left.has(t));
}

export const webhookEndpointDecider: Decider<WebhookEndpointCommand, WebhookEndpointEvent, WebhookEndpointState> = {
  initialState: initialWebhookEndpointState,
  evolve: evolveWebhookEndpoint,
  decide: decideWebhookEndpoint,
};
