import { Inject, Injectable, Logger } from '@nestjs/common';
import { dueTimers, TimerKind } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { comparePositions, Position } from '../ports/event-store.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { systemActor } from '../commands/command-context';
import { deterministicId } from '../commands/deterministic-id';
import { SubscriptionCommands } from '../subscriptions/subscription-commands';
import { SubscriptionDocument, subscriptionsProjection } from '../subscriptions/subscriptions.projection';

const PAGE = 100;

/**
 * R19: fires every timer due at or before now, from the timers kept in the
 * subscriptions read model. A firing is a FireTimer command with deterministic event
 * ids, so two pollers (or a retry after a crash) write it once; the decider ignores a
 * firing that no longer applies, and a manual command racing it wins or loses cleanly
 * on the stream's expected revision.
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
  async fireDue(): Promise<{ fired: number; position: Position | null }> {
    const now = this.clock.now().toISOString();
    let fired = 0;
    let position: Position | null = null;
    let cursor: string | null = null;
    do {
      const page: { items: SubscriptionDocument[]; nextCursor: string | null } = await this.readStore.find<SubscriptionDocument>(
        subscriptionsProjection.collection,
        { nextDueAt: { $lte: now } },
        { sort: [{ field: 'nextDueAt', direction: 'asc' }], limit: PAGE, cursor },
      );
      for (const doc of page.items) {
        for (const due of dueTimers(doc.state).filter((t) => t.dueAt <= now)) {
          const written = await this.fire(doc, due.timer, due.dueAt);
          if (written) {
            fired++;
            if (comparePositions(written, position) > 0) position = written;
          }
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return { fired, position };
  }

  private async fire(doc: SubscriptionDocument, timer: TimerKind, dueAt: string): Promise<Position | null> {
    const firing = `timer:${doc.id}:${timer}:${dueAt}`;
    try {
      const result = await this.subscriptions.execute(
        doc.id,
        { type: 'FireTimer', timer, dueAt },
        { actor: systemActor(doc.state.partnerId), correlationId: firing, causationId: firing },
        (_event, index) => deterministicId(firing, String(index)),
      );
      return result.appended.length > 0 ? result.position : null;
    } catch (error) {
      this.logger.error(`${firing} failed (will retry on the next scan): ${(error as Error).message}`);
      return null;
    }
  }
}
