/**
 * Webhook delivery counts for /metrics. The webhooks feature provides an implementation
 * under this token; until it does, the gauges are declared but carry no sample.
 */
export interface WebhookDeliveryStats {
  pending(): Promise<number>;
  failed(): Promise<number>;
}

export const WEBHOOK_DELIVERY_STATS = 'WEBHOOK_DELIVERY_STATS';
