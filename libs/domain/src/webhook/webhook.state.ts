import { WebhookEndpointEvent } from './webhook.events';

export interface WebhookEndpoint {
  status: 'active' | 'deleted';
  endpointId: string;
  partnerId: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  enabled: boolean;
  createdAt: string;
  secretGeneration: number;
  previousGeneration: number | null;
  previousValidUntil: string | null;
}

export type WebhookEndpointState = { status: 'none' } | WebhookEndpoint;

export const initialWebhookEndpointState: WebhookEndpointState = { status: 'none' };

export function evolveWebhookEndpoint(state: WebhookEndpointState, event: WebhookEndpointEvent): WebhookEndpointState {
  if (event.type === 'WebhookEndpointCreated') {
    const d = event.data;
    return {
      status: 'active',
      endpointId: d.endpointId,
      partnerId: d.partnerId,
      url: d.url,
      eventTypes: d.eventTypes,
      description: d.description,
      enabled: true,
      createdAt: d.createdAt,
      secretGeneration: d.secretGeneration,
      previousGeneration: null,
      previousValidUntil: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'WebhookEndpointUpdated': {
      const { url, eventTypes, enabled } = event.data;
      return { ...state, ...(url !== undefined && { url }), ...(eventTypes !== undefined && { eventTypes }), ...(enabled !== undefined && { enabled }) };
    }
    case 'WebhookSecretRotated':
      return { ...state, secretGeneration: event.data.secretGeneration, previousGeneration: event.data.previousGeneration, previousValidUntil: event.data.previousValidUntil };
    case 'WebhookEndpointDisabled':
      return { ...state, enabled: false };
    case 'WebhookEndpointDeleted':
      return { ...state, status: 'deleted', enabled: false };
  }
}

/** Whether the endpoint wants events of this type. */
export function subscribesTo(endpoint: Pick<WebhookEndpoint, 'eventTypes'>, eventType: string): boolean {
  return endpoint.eventTypes.includes('*') || endpoint.eventTypes.includes(eventType);
}

/** The secret generations that sign at `now`: the current one, and the previous one during its overlap. */
export function signingGenerations(endpoint: Pick<WebhookEndpoint, 'secretGeneration' | 'previousGeneration' | 'previousValidUntil'>, now: Date): number[] {
  const overlap = endpoint.previousGeneration !== null && endpoint.previousValidUntil !== null && now.getTime() < Date.parse(endpoint.previousValidUntil);
  return overlap ? [endpoint.secretGeneration, endpoint.previousGeneration!] : [endpoint.secretGeneration];
}
