import { DomainEvent } from '../shared/decider';

/** Stream of one endpoint's configuration (R22): `webhook-endpoint-<id>`. */
export const webhookEndpointStream = (endpointId: string) => `webhook-endpoint-${endpointId}`;
export const WEBHOOK_ENDPOINT_STREAM_PREFIX = 'webhook-endpoint-';

/** `["*"]` means every event type. */
export const ALL_EVENT_TYPES = '*';

/**
 * Signing secrets never enter the log (an export would leak them): the log records only
 * each secret's generation, and the application derives the secret from a server key.
 */
export type WebhookEndpointCreated = DomainEvent<'WebhookEndpointCreated', {
  endpointId: string;
  partnerId: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  secretGeneration: number;
  createdAt: string;
}>;
export type WebhookEndpointUpdated = DomainEvent<'WebhookEndpointUpdated', {
  endpointId: string;
  url?: string;
  eventTypes?: string[];
  enabled?: boolean;
  updatedAt: string;
}>;
export type WebhookSecretRotated = DomainEvent<'WebhookSecretRotated', {
  endpointId: string;
  secretGeneration: number;
  /** The previous generation still signs until then (24 h overlap). */
  previousGeneration: number;
  previousValidUntil: string;
  rotatedAt: string;
}>;
export type WebhookEndpointDisabled = DomainEvent<'WebhookEndpointDisabled', {
  endpointId: string;
  reason: 'deliveries-failing';
  disabledAt: string;
}>;
export type WebhookEndpointDeleted = DomainEvent<'WebhookEndpointDeleted', { endpointId: string; deletedAt: string }>;

export type WebhookEndpointEvent =
  | WebhookEndpointCreated
  | WebhookEndpointUpdated
  | WebhookSecretRotated
  | WebhookEndpointDisabled
  | WebhookEndpointDeleted;

export const WEBHOOK_ENDPOINT_EVENT_TYPES: ReadonlyArray<WebhookEndpointEvent['type']> = [
  'WebhookEndpointCreated',
  'WebhookEndpointUpdated',
  'WebhookSecretRotated',
  'WebhookEndpointDisabled',
  'WebhookEndpointDeleted',
];
