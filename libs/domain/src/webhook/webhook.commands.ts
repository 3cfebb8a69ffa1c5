export interface CreateWebhookEndpoint {
  type: 'CreateWebhookEndpoint';
  endpointId: string;
  partnerId: string;
  url: string;
  eventTypes: string[];
  description: string | null;
}
export interface UpdateWebhookEndpoint {
  type: 'UpdateWebhookEndpoint';
  endpointId: string;
  partnerId: string;
  url?: string;
  eventTypes?: string[];
  enabled?: boolean;
}
export interface RotateWebhookSecret {
  type: 'RotateWebhookSecret';
  endpointId: string;
  partnerId: string;
}
/** Issued by the delivery process when every delivery of the endpoint failed for 3 days. */
export interface DisableFailingWebhookEndpoint {
  type: 'DisableFailingWebhookEndpoint';
  endpointId: string;
  partnerId: string;
}
export interface DeleteWebhookEndpoint {
  type: 'DeleteWebhookEndpoint';
  endpointId: string;
  partnerId: string;
}

export type WebhookEndpointCommand =
  | CreateWebhookEndpoint
  | UpdateWebhookEndpoint
  | RotateWebhookSecret
  | DisableFailingWebhookEndpoint
  | DeleteWebhookEndpoint;
