/** Server-side webhook configuration (WEBHOOK_SECRET_KEY, WEBHOOK_ALLOW_PRIVATE_URLS, NODE_ENV). */
export interface WebhookSettings {
  /**
   * Key the signing secrets are derived from; the log holds only generations. Null in
   * production without WEBHOOK_SECRET_KEY: endpoints cannot be created, rotated or signed for.
   */
  secretKey: string | null;
  /** Loopback, private and link-local targets refused unless this is set (production only). */
  refusePrivateUrls: boolean;
}

export const WEBHOOK_SETTINGS = Symbol('WebhookSettings');
