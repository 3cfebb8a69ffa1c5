import { Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { money, Money, NewCommerceCommand, NewCommerceEvent, SubscriptionCommand, SubscriptionCredited, SubscriptionEvent, SuspensionReason } from '@ledger/domain';
import { CommandContext } from '../commands/command-context';
import { SubscriptionCommands } from './subscription-commands';
import { NewCommerceCommands } from './new-commerce-commands';
import { SubscriptionPrograms } from './subscription-programs';
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

interface Routed extends LifecycleAnswer {
  appended: Array<SubscriptionEvent | NewCommerceEvent>;
}

const answer = ({ subscription, position, revision }: Routed): LifecycleAnswer => ({ subscription, position, revision });
const amountOf = (event: SubscriptionEvent | NewCommerceEvent | undefined) => (event ? money((event.data as { amountCents: number }).amountCents) : undefined);

/** R25: a user command is decided by the subscription's programme (legacy R12-R17, new commerce R25-R31). */
@Injectable()
abstract class LifecycleHandler {
  constructor(
    protected readonly legacy: SubscriptionCommands,
    protected readonly newCommerce: NewCommerceCommands,
    protected readonly programs: SubscriptionPrograms,
  ) {}

  protected route(subscriptionId: string, commands: { legacy: SubscriptionCommand; newCommerce: NewCommerceCommand }, context: CommandContext): Promise<Routed> {
    return this.routed(subscriptionId, commands, context);
  }

  private async routed(subscriptionId: string, commands: { legacy: SubscriptionCommand; newCommerce: NewCommerceCommand }, context: CommandContext): Promise<Routed> {
    if ((await this.programs.of(subscriptionId)) === 'new-commerce') return this.newCommerce.execute(subscriptionId, commands.newCommerce, context);
    return this.legacy.execute(subscriptionId, commands.legacy, context);
  }
}

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
export class SuspendSubscriptionHandler extends LifecycleHandler implements ICommandHandler<SuspendSubscriptionCommand, LifecycleAnswer> {
  async execute({ subscriptionId, reason, context }: SuspendSubscriptionCommand) {
    return answer(await this.route(subscriptionId, { legacy: { type: 'Suspend', reason }, newCommerce: { type: 'SuspendNewCommerce', reason } }, context));
  }
}

@CommandHandler(ReactivateSubscriptionCommand)
export class ReactivateSubscriptionHandler extends LifecycleHandler implements ICommandHandler<ReactivateSubscriptionCommand, LifecycleAnswer> {
  async execute({ subscriptionId, context }: ReactivateSubscriptionCommand) {
    return answer(await this.route(subscriptionId, { legacy: { type: 'Reactivate' }, newCommerce: { type: 'ReactivateNewCommerce' } }, context));
  }
}

@CommandHandler(CancelSubscriptionCommand)
export class CancelSubscriptionHandler extends LifecycleHandler implements ICommandHandler<CancelSubscriptionCommand, CancelAnswer> {
  async execute({ subscriptionId, context }: CancelSubscriptionCommand): Promise<CancelAnswer> {
    const result = await this.route(subscriptionId, { legacy: { type: 'Cancel' }, newCommerce: { type: 'CancelNewCommerce' } }, context);
    if (result.subscription.status === 'cancelled') {
      // R17 (legacy) or R27 (new commerce: never scheduled; the pro-rata credit of the current cycle).
      const credited = result.appended.find((e) => e.type === 'SubscriptionCredited' || e.type === 'NewCommerceCredited') as SubscriptionCredited | undefined;
      return { outcome: 'cancelled', credit: money(credited?.data.amountCents ?? 0), ...answer(result) };
    }
    return { outcome: 'scheduled', cancelAt: result.subscription.cancelAt ?? undefined, ...answer(result) };
  }
}

@CommandHandler(ToggleAutoRenewCommand)
export class ToggleAutoRenewHandler extends LifecycleHandler implements ICommandHandler<ToggleAutoRenewCommand, LifecycleAnswer> {
  async execute({ subscriptionId, enabled, context }: ToggleAutoRenewCommand) {
    return answer(await this.route(subscriptionId, { legacy: { type: 'SetAutoRenew', enabled }, newCommerce: { type: 'SetNewCommerceAutoRenew', enabled } }, context));
  }
}

@CommandHandler(ChangeQuantityCommand)
export class ChangeQuantityHandler extends LifecycleHandler implements ICommandHandler<ChangeQuantityCommand, LifecycleAnswer & { charge?: Money; credit?: Money }> {
  async execute({ subscriptionId, quantity, context }: ChangeQuantityCommand) {
    const result = await this.route(subscriptionId, { legacy: { type: 'ChangeQuantity', quantity }, newCommerce: { type: 'ChangeSeats', quantity } }, context);
    const charge = amountOf(result.appended.find((e) => e.type === 'SubscriptionCharged' || e.type === 'NewCommerceCharged'));
    const credit = amountOf(result.appended.find((e) => e.type === 'SubscriptionCredited' || e.type === 'NewCommerceCredited'));
    return { ...answer(result), ...(charge ? { charge } : {}), ...(credit ? { credit } : {}) };
  }
}
