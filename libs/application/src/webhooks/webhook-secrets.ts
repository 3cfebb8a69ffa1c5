import { createHmac } from 'node:crypto';

/**
 * The signing secret of one generation of an endpoint: HMAC(server key, "<endpointId>:<generation>").
 * Deterministic, so it survives restarts and rebuilds without ever being written to the
 * log (an export would leak it); rotating the server key rotates every secret.
 */
export function webhookSecret(serverKey: string, endpointId: string, generation: number): string {
  return `whsec_${createHmac('sha256', serverKey).update(`${endpointId}:${generation}`).digest('base64')}`;
}
