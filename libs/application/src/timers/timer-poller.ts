import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '../ports/clock.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { SubscriptionCommands } from '../subscriptions/subscription-commands';
import { NewCommerceCommands } from '../subscriptions/new-commerce-commands';
import { countDue, DueDocument, dueProjection } from './due.projection';
import { DueFiring, fireTimers, FiringOutcome } from './fire-timers';

const PAGE = 1000;

/**
 * R19: fires every timer due at or before now. Two separate steps: the scan (which
 * streams have a timer due, from the `due` read model) and the firing (batched, see
 * fireTimers; one firing fires everything due on its stream).
 */
@Injectable()
export class TimerPoller {
  private readonly logger = new Logger('timers');

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly subscriptions: SubscriptionCommands,
    private readonly newCommerce: NewCommerceCommands,
  ) {}

  /** One scan; returns how many firings wrote events and the last position written. */
  async fireDue(): Promise<FiringOutcome> {
    const due = await this.scanDue(this.clock.now());
    return fireTimers(this.subscriptions, due, this.logger, this.newCommerce);
  }

  /** How many streams have a timer due at or before `now` (as the read model knows it). */
  countDue(now: Date): Promise<number> {
    return countDue(this.readStore, now.getTime());
  }

  /** The scan: every stream with a timer due at or before `now`, earliest first. */
  private async scanDue(now: Date): Promise<DueFiring[]> {
    const due: DueFiring[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: DueDocument[]; nextCursor: string | null } = await this.readStore.find<DueDocument>(
        dueProjection.collection,
        { dueAtMs: { $lte: now.getTime() } },
        { sort: [{ field: 'dueAtMs', direction: 'asc' }], limit: PAGE, cursor },
      );
      for (const doc of page.items) {
        if (doc.kind && doc.dueAt) due.push({ subscriptionId: doc.id, partnerId: doc.partnerId, timer: doc.kind, dueAt: doc.dueAt, ...(doc.program ? { program: doc.program } : {}) });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return due;
  }
}
