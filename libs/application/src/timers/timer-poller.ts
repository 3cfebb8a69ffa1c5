import { Inject, Injectable, Logger } from '@nestjs/common';
import { dueTimers } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { SubscriptionCommands } from '../subscriptions/subscription-commands';
import { SubscriptionDocument, subscriptionsProjection } from '../subscriptions/subscriptions.projection';
import { DueFiring, fireTimers, FiringOutcome } from './fire-timers';

const PAGE = 1000;

/**
 * R19: fires every timer due at or before now. Two separate steps: the scan (which
 * timers are due, from the read models) and the firing (batched, see fireTimers).
 */
@Injectable()
export class TimerPoller {
  private readonly logger = new Logger('timers');

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly subscriptions: SubscriptionCommands,
  ) {}

  /** One scan; returns how many firings wrote events and the last position written. */
  async fireDue(): Promise<FiringOutcome> {
    const due = await this.scanDue(this.clock.now().toISOString());
    return fireTimers(this.subscriptions, due, this.logger);
  }

  /** The scan: every timer due at or before `now`, from the subscriptions read model. */
  private async scanDue(now: string): Promise<DueFiring[]> {
    const due: DueFiring[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: SubscriptionDocument[]; nextCursor: string | null } = await this.readStore.find<SubscriptionDocument>(
        subscriptionsProjection.collection,
        { nextDueAt: { $lte: now } },
        { sort: [{ field: 'nextDueAt', direction: 'asc' }], limit: PAGE, cursor },
      );
      for (const doc of page.items) {
        for (const { timer, dueAt } of dueTimers(doc.state)) if (dueAt <= now) due.push({ subscriptionId: doc.id, partnerId: doc.state.partnerId, timer, dueAt });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return due;
  }
}
