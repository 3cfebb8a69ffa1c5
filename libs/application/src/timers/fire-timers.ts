import { Logger } from '@nestjs/common';
import { TimerKind } from '@ledger/domain';
import { comparePositions, Position } from '../ports/event-store.port';
import { systemActor } from '../commands/command-context';
import { deterministicId } from '../commands/deterministic-id';
import { SubscriptionCommands } from '../subscriptions/subscription-commands';
import { NewCommerceCommands } from '../subscriptions/new-commerce-commands';
import { NewCommerceTimerKind } from './due.projection';

/** One timer due now, as the scan found it. */
export interface DueFiring {
  subscriptionId: string;
  partnerId: string;
  timer: TimerKind | NewCommerceTimerKind;
  dueAt: string;
  /** R25: a new-commerce stream's timers go to its own decider (absent: legacy). */
  program?: 'new-commerce';
}

export interface FiringOutcome {
  /** Firings that wrote events (a firing that no longer applies writes none). */
  fired: number;
  /** Position of the last event written, null when none was. */
  position: Position | null;
}

/** Firings in flight at once: enough to fill a group commit while the previous one is being written. */
const IN_FLIGHT = 1000;

/**
 * R19: fires the given timers, up to IN_FLIGHT at once. Each is decided on its own
 * stream through the same command path as a user's command; their appends meet in the
 * event store's group commit, so many firings share one transaction and one fsync, and
 * the next ones are decided while a commit is being written. A firing is a FireTimer command with
 * deterministic event ids (two pollers, or a retry after a crash, write it once); the
 * decider ignores a firing that no longer applies; a manual command racing it wins or
 * loses cleanly on the stream's expected revision. A failed firing is logged and left
 * for the next scan; it does not stop the others.
 */
export async function fireTimers(subscriptions: SubscriptionCommands, firings: DueFiring[], logger: Logger, newCommerce?: NewCommerceCommands): Promise<FiringOutcome> {
  let fired = 0;
  let position: Position | null = null;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < firings.length) {
      const written = await fireOne(subscriptions, newCommerce, firings[next++], logger);
      if (written === null) continue;
      fired++;
      if (comparePositions(written, position) > 0) position = written;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, firings.length) }, lane));
  return { fired, position };
}

async function fireOne(subscriptions: SubscriptionCommands, newCommerce: NewCommerceCommands | undefined, { subscriptionId, partnerId, timer, dueAt, program }: DueFiring, logger: Logger): Promise<Position | null> {
  const firing = `timer:${subscriptionId}:${timer}:${dueAt}`;
  try {
    if (program === 'new-commerce') {
      if (!newCommerce) throw new Error('new-commerce timers need NewCommerceCommands');
      if (timer !== 'cycle-start' && timer !== 'term-end') throw new Error(`${timer} is not a new-commerce timer`);
      // R19, R26: one firing charges every cycle start (and renews at every term end) due by now, each at its own instant.
      const result = await newCommerce.execute(
        subscriptionId,
        { type: 'FireNewCommerceTimer', timer, dueAt },
        { actor: systemActor(partnerId), correlationId: firing, causationId: firing },
        (_event, index) => deterministicId(firing, String(index)),
      );
      return result.appended.length > 0 ? result.position : null;
    }
    const result = await subscriptions.execute(
      subscriptionId,
      { type: 'FireTimer', timer: timer as TimerKind, dueAt },
      { actor: systemActor(partnerId), correlationId: firing, causationId: firing },
      (_event, index) => deterministicId(firing, String(index)),
    );
    return result.appended.length > 0 ? result.position : null;
  } catch (error) {
    logger.error(`${firing} failed (will retry on the next scan): ${(error as Error).message}`);
    return null;
  }
}
