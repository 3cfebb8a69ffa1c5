import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { money, Money, SubscriptionCredited, SuspensionReason } from '@ledger/domain';
import { CommandContext } from '../commands/command-context';
import { SubscriptionCommandResult, SubscriptionCommands } from './subscription-commands';
import { SubscriptionView } from './subscription-view';

export interface LifecycleAnswer {
  subscription: SubscriptionView;
  position: string | null;
  revision: number;
}

export interface CancelAnswer extends LifecycleAnswer {
  outcome: 'cancelled' | 'scheduled';
  credit?: Money;
  cancelAt?: string;
}

const answer = ({ subscription, position, revision }: SubscriptionCommandResult): LifecycleAnswer => ({ subscription, position, revision });

export class SuspendSubscriptionCommand {
  constructor(readonly subscriptionId: string, readonly reason: SuspensionReason, readonly context: CommandContext) {}
}
export class ReactivateSubscriptionCommand {
  constructor(readonly subscriptionId: string, readonly context: CommandContext) {}
}
export class CancelSubscriptionCommand {
  constructor(readonly subscriptionId: string, readonly context: CommandContext) {}
}
export class ToggleAutoRenewCommand {
  constructor(readonly subscriptionId: string, readonly enabled: boolean, readonly context: CommandContext) {}
}
export class ChangeQuantityCommand {
  constructor(readonly subscriptionId: string, readonly quantity: number, readonly context: CommandContext) {}
}

@CommandHandler(SuspendSubscriptionCommand)
export class SuspendSubscriptionHandler implements ICommandHandler<SuspendSubscriptionCommand, LifecycleAnswer> {
  constructor(private readonly subscriptions: SubscriptionCommands) {}
  async execute({ subscriptionId, reason, context }: SuspendSubscriptionCommand) {
    return answer(await this.subscriptions.execute(subscriptionId, { type: 'Suspend', reason }, context));
  }
}

@CommandHandler(ReactivateSubscriptionCommand)
export class ReactivateSubscriptionHandler implements ICommandHandler<ReactivateSubscriptionCommand, LifecycleAnswer> {
  constructor(private readonly subscriptions: SubscriptionCommands) {}
  async execute({ subscriptionId, context }: ReactivateSubscriptionCommand) {
    return answer(await this.subscriptions.execute(subscriptionId, { type: 'Reactivate' }, context));
  }
}

@CommandHandler(CancelSubscriptionCommand)
export class CancelSubscriptionHandler implements ICommandHandler<CancelSubscriptionCommand, CancelAnswer> {
  constructor(private readonly subscriptions: SubscriptionCommands) {}
  async execute({ subscriptionId, context }: CancelSubscriptionCommand): Promise<CancelAnswer> {
    const result = await this.subscriptions.execute(subscriptionId, { type: 'Cancel' }, context);
    if (result.subscription.status === 'cancelled') {
      const credited = result.appended.find((e): e is SubscriptionCredited => e.type === 'SubscriptionCredited');
      return { outcome: 'cancelled', credit: money(credited?.data.amountCents ?? 0), ...answer(result) };
    }
    return { outcome: 'scheduled', cancelAt: result.subscription.cancelAt ?? undefined, ...answer(result) };
  }
}

@CommandHandler(ToggleAutoRenewCommand)
export class ToggleAutoRenewHandler implements ICommandHandler<ToggleAutoRenewCommand, LifecycleAnswer> {
  constructor(private readonly subscriptions: SubscriptionCommands) {}
  async execute({ subscriptionId, enabled, context }: ToggleAutoRenewCommand) {
    return answer(await this.subscriptions.execute(subscriptionId, { type: 'SetAutoRenew', enabled }, context));
  }
}

@CommandHandler(ChangeQuantityCommand)
export class ChangeQuantityHandler implements ICommandHandler<ChangeQuantityCommand, LifecycleAnswer & { charge?: Money; credit?: Money }> {
  constructor(private readonly subscriptions: SubscriptionCommands) {}
  async execute({ subscriptionId, quantity, context }: ChangeQuantityCommand) {
    const result = await this.subscriptions.execute(subscriptionId, { type: 'ChangeQuantity', quantity }, context);
    const charged = result.appended.find((e) => e.type === 'SubscriptionCharged');
    const credited = result.appended.find((e) => e.type === 'SubscriptionCredited');
    return {
      ...answer(result),
      ...(charged ? { charge: money((charged.data as { amountCents: number }).amountCents) } : {}),
      ...(credited ? { credit: money((credited.data as { amountCents: number }).amountCents) } : {}),
    };
  }
}

