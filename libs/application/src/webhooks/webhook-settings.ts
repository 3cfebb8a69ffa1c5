/** Server-side webhook configuration (WEBHOOK_SECRET_KEY, WEBHOOK_ALLOW_PRIVATE_URLS, NODE_ENV). */
export interface WebhookSettings {
  /** Key the signing secrets are derived from; the log holds only generations. */
  secretKey: string;
  /** Loopback, private and link-local targets refused unless this is set (production only). */
  refusePrivateUrls: boolean;
}

export const WEBHOOK_SETTINGS = Symbol('WebhookSettings');
