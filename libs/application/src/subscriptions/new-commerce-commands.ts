import { Inject, Injectable } from '@nestjs/common';
import { decideNewCommerce, READS_THE_CATALOG, NewCommerceCommand, NewCommerceEvent, newCommerceEffectiveAt, NewCommerceState, NewCommerceSubscription } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore, Position } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext } from '../commands/command-context';
import { NotFoundError } from '../commands/application-errors';
import { decideAndAppend } from '../commands/stream-decision';
import { CatalogReader } from '../catalog/catalog-reader';
import { newCommerceModel, subscriptionStream } from './subscription-streams';
import { newCommerceView } from './new-commerce-view';
import { SubscriptionView } from './subscription-view';

export interface NewCommerceCommandResult {
  subscription: SubscriptionView;
  appended: NewCommerceEvent[];
  position: Position | null;
  revision: number;
}

/**
 * R25-R31: load a new-commerce subscription's stream, check the partner (R1), decide with
 * `newCommerceDecider` (the catalog of now for renewals and scheduled changes, R26, R29),
 * append. Its view is as of the decision's instant.
 */
@Injectable()
export class NewCommerceCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly catalog: CatalogReader,
  ) {}

  async execute(
    subscriptionId: string,
    command: NewCommerceCommand,
    context: CommandContext,
    eventId?: (event: NewCommerceEvent, index: number) => string,
  ): Promise<NewCommerceCommandResult> {
    let decidedAt = this.clock.now();
    const result = await decideAndAppend<NewCommerceState, NewCommerceEvent>(
      { eventStore: this.eventStore, clock: this.clock, ids: this.ids },
      {
        stream: subscriptionStream(subscriptionId),
        model: newCommerceModel,
        context,
        eventId,
        effectiveAt: newCommerceEffectiveAt,
        authorize: (state) => {
          if (state.status === 'none' || state.partnerId !== context.actor.partnerId) throw new NotFoundError('subscription', subscriptionId);
        },
        decide: async (state, now) => {
          decidedAt = now;
          const catalogOffer = state.status === 'none' || !READS_THE_CATALOG.has(command.type) ? null : (await this.catalog.offers()).get(state.offer.offerId) ?? null;
          return decideNewCommerce(command, state, { now, catalogOffer });
        },
      },
    );
    const state = result.state as NewCommerceSubscription;
    return { subscription: newCommerceView(state, result.revision ?? 0, decidedAt), appended: result.appended, position: result.position, revision: result.revision ?? 0 };
  }
}
