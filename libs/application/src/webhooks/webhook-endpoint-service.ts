import { Inject, Injectable } from '@nestjs/common';
import { DomainError, webhookEndpointDecider, webhookEndpointStream, WebhookEndpoint, WebhookEndpointCommand, WebhookEndpointEvent, WebhookEndpointState } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore, Position } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { Page, READ_STORE, ReadStore } from '../ports/read-store.port';
import { CommandContext } from '../commands/command-context';
import { decideAndAppend } from '../commands/stream-decision';
import { NotFoundError } from '../commands/application-errors';
import { signingGenerationsSecrets } from './signing';
import { checkWebhookUrl } from './url-policy';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';
import { webhookSecret } from './webhook-secrets';
import { WebhookEndpointDocument, webhookEndpointsProjection } from './webhook-endpoints.projection';

export interface EndpointChange {
  url?: string;
  eventTypes?: string[];
  enabled?: boolean;
}

export interface EndpointResult {
  endpoint: WebhookEndpoint;
  position: Position | null;
}

/** R22: endpoint configuration as events in its own stream; secrets derived, shown once. */
@Injectable()
export class WebhookEndpointService {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {}

  async create(input: { url: string; eventTypes: string[]; description: string | null }, context: CommandContext): Promise<EndpointResult & { secret: string }> {
    const key = this.serverKey();
    await checkWebhookUrl(input.url, this.settings.refusePrivateUrls);
    const endpointId = this.ids.newId();
    const result = await this.decide({ type: 'CreateWebhookEndpoint', endpointId, partnerId: context.actor.partnerId, ...input }, context);
    return { ...result, secret: webhookSecret(key, endpointId, result.endpoint.secretGeneration) };
  }

  async update(endpointId: string, change: EndpointChange, context: CommandContext): Promise<EndpointResult> {
    if (change.url !== undefined) await checkWebhookUrl(change.url, this.settings.refusePrivateUrls);
    return this.decide({ type: 'UpdateWebhookEndpoint', endpointId, partnerId: context.actor.partnerId, ...change }, context);
  }

  async rotateSecret(endpointId: string, context: CommandContext): Promise<EndpointResult & { secret: string }> {
    const key = this.serverKey();
    const result = await this.decide({ type: 'RotateWebhookSecret', endpointId, partnerId: context.actor.partnerId }, context);
    return { ...result, secret: webhookSecret(key, endpointId, result.endpoint.secretGeneration) };
  }

  delete(endpointId: string, context: CommandContext): Promise<EndpointResult> {
    return this.decide({ type: 'DeleteWebhookEndpoint', endpointId, partnerId: context.actor.partnerId }, context);
  }

  disableFailing(endpointId: string, context: CommandContext): Promise<EndpointResult> {
    return this.decide({ type: 'DisableFailingWebhookEndpoint', endpointId, partnerId: context.actor.partnerId }, context);
  }

  /** R1: another partner's (or a deleted) endpoint is not found. */
  async get(partnerId: string, endpointId: string): Promise<WebhookEndpoint> {
    const doc = await this.readStore.get<WebhookEndpointDocument>(webhookEndpointsProjection.collection, endpointId);
    if (!doc || doc.endpoint.partnerId !== partnerId || doc.endpoint.status !== 'active') throw new NotFoundError('webhook endpoint', endpointId);
    return doc.endpoint;
  }

  async list(partnerId: string, cursor: string | null, limit: number): Promise<Page<WebhookEndpoint>> {
    const page = await this.readStore.find<WebhookEndpointDocument>(webhookEndpointsProjection.collection, { partnerId, deleted: 0 }, { sort: [{ field: 'createdAt', direction: 'desc' }], cursor, limit });
    return { items: page.items.map((d) => d.endpoint), nextCursor: page.nextCursor };
  }

  /** The secrets that sign at `now` (current, and the previous one during its 24 h overlap). */
  secrets(endpoint: WebhookEndpoint, now: Date): string[] {
    return signingGenerationsSecrets(this.serverKey(), endpoint, now);
  }

  private serverKey(): string {
    if (this.settings.secretKey === null) throw new DomainError('webhooks-not-configured', 'webhooks need WEBHOOK_SECRET_KEY (32+ characters) in production: set it and restart');
    return this.settings.secretKey;
  }

  private async decide(command: WebhookEndpointCommand, context: CommandContext): Promise<EndpointResult> {
    const result = await decideAndAppend<WebhookEndpointState, WebhookEndpointEvent>(
      { eventStore: this.eventStore, clock: this.clock, ids: this.ids },
      {
        stream: webhookEndpointStream(command.endpointId),
        model: webhookEndpointDecider,
        context,
        // R1: a foreign or deleted endpoint is a 404, like one that never existed.
        authorize: (state) => {
          if (command.type !== 'CreateWebhookEndpoint' && (state.status !== 'active' || state.partnerId !== command.partnerId)) throw new NotFoundError('webhook endpoint', command.endpointId);
        },
        decide: (state, now) => webhookEndpointDecider.decide(command, state, { now }),
      },
    );
    if (result.state.status === 'none') throw new DomainError('webhook-endpoint-not-found', `webhook endpoint ${command.endpointId} not found`);
    return { endpoint: result.state, position: result.position };
  }
}
