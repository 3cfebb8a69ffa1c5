import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, NEW_COMMERCE_REFUSALS, NewCommerceCommand, ScheduledChanges } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { CommandContext } from '../commands/command-context';
import { NotFoundError } from '../commands/application-errors';
import { loadStream } from '../commands/stream-decision';
import { NewCommerceCommands } from './new-commerce-commands';
import { SubscriptionPrograms } from './subscription-programs';
import { isSubscription, subscriptionModel, subscriptionStream } from './subscription-streams';
import { LifecycleAnswer } from './lifecycle.commands';

export class ScheduleChangesCommand {
  constructor(readonly subscriptionId: string, readonly changes: ScheduledChanges, readonly context: CommandContext) {}
}
export class RemoveScheduledChangesCommand {
  constructor(readonly subscriptionId: string, readonly context: CommandContext) {}
}

/** R29: changes at renewal are a new-commerce thing; a legacy subscription of the caller's answers `scheduled-changes-not-allowed`, another partner's 404 (R1). */
@Injectable()
abstract class ScheduledChangesHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly newCommerce: NewCommerceCommands,
    private readonly programs: SubscriptionPrograms,
  ) {}

  protected async run(subscriptionId: string, command: NewCommerceCommand, context: CommandContext): Promise<LifecycleAnswer> {
    if ((await this.programs.of(subscriptionId)) === 'legacy') {
      const { state } = await loadStream(this.eventStore, subscriptionStream(subscriptionId), subscriptionModel);
      if (!isSubscription(state) || state.partnerId !== context.actor.partnerId) throw new NotFoundError('subscription', subscriptionId);
      throw new DomainError(NEW_COMMERCE_REFUSALS.scheduledChangesNotAllowed, `subscription ${subscriptionId} is a legacy subscription: changes at renewal apply to new-commerce subscriptions only (R29)`);
    }
    const { subscription, position, revision } = await this.newCommerce.execute(subscriptionId, command, context);
    return { subscription, position, revision };
  }
}

@CommandHandler(ScheduleChangesCommand)
export class ScheduleChangesHandler extends ScheduledChangesHandler implements ICommandHandler<ScheduleChangesCommand, LifecycleAnswer> {
  execute({ subscriptionId, changes, context }: ScheduleChangesCommand) {
    return this.run(subscriptionId, { type: 'ScheduleChanges', changes }, context);
  }
}

@CommandHandler(RemoveScheduledChangesCommand)
export class RemoveScheduledChangesHandler extends ScheduledChangesHandler implements ICommandHandler<RemoveScheduledChangesCommand, LifecycleAnswer> {
  execute({ subscriptionId, context }: RemoveScheduledChangesCommand) {
    return this.run(subscriptionId, { type: 'RemoveScheduledChanges' }, context);
  }
}
