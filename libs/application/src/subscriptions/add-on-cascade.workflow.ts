import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { systemActor } from '../commands/command-context';
import { stateAfter } from '../commands/stream-decision';
import { CurrentEvent, isSubscriptionEvent } from '../commands/upcasting';
import { Workflow } from '../workflows/workflow';
import { SubscriptionCommands } from './subscription-commands';
import { isSubscription, subscriptionModel } from './subscription-streams';

/** The base events an add-on follows (R15); anything else is not looked at. */
const CASCADING = new Set(['SubscriptionSuspended', 'SubscriptionReactivated', 'CancellationScheduled', 'SubscriptionCancelled', 'SubscriptionExpired', 'SubscriptionDataDeleted', 'SubscriptionRenewed', 'TrialConverted']);

/**
 * R15 from the log: makes the add-ons of a base follow each of its events, as the inline
 * path of SubscriptionCommands does (the same `addOnCascade` decider, the same event ids),
 * so a crash between the base's append and its add-ons' leaves nothing half done.
 */
@Injectable()
export class AddOnCascadeWorkflow implements Workflow {
  readonly name = 'add-on-cascade';

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly subscriptions: SubscriptionCommands,
  ) {}

  handles(event: CurrentEvent): boolean {
    return CASCADING.has(event.type);
  }

  async react(event: CurrentEvent): Promise<void> {
    if (!isSubscriptionEvent(event)) return;
    // Most subscriptions have no add-ons: their state comes from the cache, without a read.
    const base = await stateAfter(this.eventStore, event, subscriptionModel);
    if (!isSubscription(base) || base.addOnIds.length === 0) return;
    await this.subscriptions.cascade({ event, id: event.id, position: event.position }, base, {
      actor: systemActor(base.partnerId),
      correlationId: event.metadata.correlationId,
      causationId: event.id,
    });
  }
}
