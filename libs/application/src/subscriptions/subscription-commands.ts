import { Inject, Injectable } from '@nestjs/common';
import { DomainError, Subscription, SubscriptionCommand, SubscriptionEvent, subscriptionDecider } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { comparePositions, EVENT_STORE, EventStore, Position } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext } from '../commands/command-context';
import { NotFoundError } from '../commands/application-errors';
import { decideAndAppend, DecisionResult } from '../commands/stream-decision';
import { isSubscription, subscriptionModel, subscriptionStream } from './subscription-streams';
import { subscriptionView, SubscriptionView } from './subscription-view';
import { SubscriptionState } from '@ledger/domain';

export interface SubscriptionCommandResult {
  subscription: SubscriptionView;
  appended: SubscriptionEvent[];
  position: Position | null;
  revision: number;
}

/**
 * R15: what a base subscription's change does to its add-ons ("suspended, reactivated,
 * cancelled and expired together with it"), or null when it does nothing to them.
 */
function cascadeOf(command: SubscriptionCommand, appended: SubscriptionEvent[]): SubscriptionCommand | null {
  if (command.type === 'Suspend' || command.type === 'Reactivate' || command.type === 'Cancel') return command;
  for (const event of appended) {
    if (event.type === 'SubscriptionExpired') return { type: 'EndWithBase', ending: 'expired', at: event.data.expiredAt };
    if (event.type === 'SubscriptionCancelled') return { type: 'EndWithBase', ending: 'cancelled', at: event.data.cancelledAt };
    if (event.type === 'SubscriptionDataDeleted') return { type: 'EndWithBase', ending: 'deleted', at: event.data.deletedAt };
  }
  return null;
}

/**
 * Load, check the partner (R1), decide, append; then apply the same command to the
 * add-ons, caused by the base's event. Every lifecycle handler goes through here.
 */
@Injectable()
export class SubscriptionCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(
    subscriptionId: string,
    command: SubscriptionCommand,
    context: CommandContext,
    eventId?: (event: SubscriptionEvent, index: number) => string,
  ): Promise<SubscriptionCommandResult> {
    const result = await this.decide(subscriptionId, command, context, eventId);
    let position = result.position;
    const base = result.state as Subscription;
    const cascade = result.eventIds.length > 0 ? cascadeOf(command, result.appended) : null;
    if (cascade) {
      for (const addOnId of base.addOnIds) {
        const cascaded = await this.cascade(addOnId, cascade, { ...context, causationId: result.eventIds[0], expectedRevision: undefined });
        if (cascaded && comparePositions(cascaded, position) > 0) position = cascaded;
      }
    }
    return { subscription: subscriptionView(base, result.revision ?? 0), appended: result.appended, position, revision: result.revision ?? 0 };
  }

  private decide(
    subscriptionId: string,
    command: SubscriptionCommand,
    context: CommandContext,
    eventId?: (event: SubscriptionEvent, index: number) => string,
  ): Promise<DecisionResult<SubscriptionState, SubscriptionEvent>> {
    return decideAndAppend(
      { eventStore: this.eventStore, clock: this.clock, ids: this.ids },
      {
        stream: subscriptionStream(subscriptionId),
        model: subscriptionModel,
        context,
        authorize: (state) => {
          if (!isSubscription(state) || state.partnerId !== context.actor.partnerId) throw new NotFoundError('subscription', subscriptionId);
        },
        decide: (state, now) => subscriptionDecider.decide(command, state, { now }),
        eventId,
      },
    );
  }

  /** An add-on already where the base is going (suspended, cancelled...) is left as it is. */
  private async cascade(addOnId: string, command: SubscriptionCommand, context: CommandContext): Promise<Position | null> {
    try {
      const result = await this.decide(addOnId, command, context);
      return result.appended.length ? result.position : null;
    } catch (error) {
      if (error instanceof DomainError || error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
