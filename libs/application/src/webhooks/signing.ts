import { Webhook } from 'standardwebhooks';
import { signingGenerations, WebhookEndpoint } from '@ledger/domain';
import { webhookSecret } from './webhook-secrets';

export function signingGenerationsSecrets(serverKey: string, endpoint: WebhookEndpoint, now: Date): string[] {
  return signingGenerations(endpoint, now).map((generation) => webhookSecret(serverKey, endpoint.endpointId, generation));
}

/** Standard Webhooks headers; one `v1,<sig>` per valid secret, space separated (rotation overlap). */
export function signedHeaders(secrets: string[], messageId: string, timestamp: Date, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' '),
  };
}
