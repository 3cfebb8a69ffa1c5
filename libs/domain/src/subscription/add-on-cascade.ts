import { SubscriptionCommand } from './subscription.commands';
import { SubscriptionEvent } from './subscription.events';
import { Subscription } from './subscription.state';
import { effectiveAtOf } from './effective-at';

/** One command for one add-on, decided at the instant the base's event took effect. */
export interface CascadeCommand {
  addOnId: string;
  command: SubscriptionCommand;
  at: string;
}

/**
 * R15, as a workflow: an event of a base subscription and the base as it is now in, the
 * commands that make its add-ons follow out ("suspended, reactivated, cancelled and
 * expired together with it", co-termed renewals). Pure; the inline fast path and the
 * process manager that finishes after a crash give the same commands. Every command is
 * safe to repeat (the add-on's decider refuses or ignores what is already done), and a
 * suspension or reactivation the base has since undone is not followed any more.
 */
export function addOnCascade(event: SubscriptionEvent, base: Subscription): CascadeCommand[] {
  if (base.parentSubscriptionId !== null || base.addOnIds.length === 0) return [];
  const command = cascadedCommand(event);
  if (!command) return [];
  if (command.type === 'Suspend' && base.status !== 'suspended') return [];
  if (command.type === 'Reactivate' && base.status !== 'active') return [];
  const at = effectiveAtOf(event);
  return base.addOnIds.map((addOnId) => ({ addOnId, command, at }));
}

function cascadedCommand(event: SubscriptionEvent): SubscriptionCommand | null {
  switch (event.type) {
    case 'SubscriptionSuspended':
      return { type: 'Suspend', reason: event.data.reason };
    case 'SubscriptionReactivated':
      return { type: 'Reactivate' };
    case 'CancellationScheduled':
      return { type: 'Cancel' };
    case 'SubscriptionCancelled':
      // Scheduled: the term ended, and the add-on ends with it; otherwise the add-on is
      // cancelled by its own rules (its window, its credit).
      if (event.data.mode === 'scheduled') return { type: 'EndWithBase', ending: 'cancelled', at: event.data.cancelledAt };
      return event.data.mode === 'with-base' ? null : { type: 'Cancel' };
    case 'SubscriptionExpired':
      return { type: 'EndWithBase', ending: 'expired', at: event.data.expiredAt };
    case 'SubscriptionDataDeleted':
      return { type: 'EndWithBase', ending: 'deleted', at: event.data.deletedAt };
    case 'SubscriptionRenewed':
      return { type: 'FollowBaseTerm', termStartedAt: event.data.termStartedAt, termEndsAt: event.data.termEndsAt, at: event.data.renewedAt };
    case 'TrialConverted':
      return { type: 'FollowBaseTerm', termStartedAt: event.data.termStartedAt, termEndsAt: event.data.termEndsAt, at: event.data.convertedAt };
    default:
      return null;
  }
}
