import { Logger } from '@nestjs/common';
import { TimerKind } from '@ledger/domain';
import { comparePositions, Position } from '../ports/event-store.port';
import { systemActor } from '../commands/command-context';
import { deterministicId } from '../commands/deterministic-id';
import { SubscriptionCommands } from '../subscriptions/subscription-commands';

/** One timer due now, as the scan found it. */
export interface DueFiring {
  subscriptionId: string;
  partnerId: string;
  timer: TimerKind;
  dueAt: string;
}

export interface FiringOutcome {
  /** Firings that wrote events (a firing that no longer applies writes none). */
  fired: number;
  /** Position of the last event written, null when none was. */
  position: Position | null;
}

/** Firings in flight together: their appends reach the event store in one turn and share its commits. */
const BATCH = 500;

/**
 * R19: fires the given timers, a batch at a time. Every firing of a batch is decided
 * concurrently (each on its own stream, through the same command path as a user's
 * command), so their appends are group-committed: one transaction and one fsync for
 * the batch instead of one per firing. A firing is a FireTimer command with
 * deterministic event ids (two pollers, or a retry after a crash, write it once); the
 * decider ignores a firing that no longer applies; a manual command racing it wins or
 * loses cleanly on the stream's expected revision. A failed firing is logged and left
 * for the next scan; it does not stop the others.
 */
export async function fireTimers(subscriptions: SubscriptionCommands, firings: DueFiring[], logger: Logger): Promise<FiringOutcome> {
  let fired = 0;
  let position: Position | null = null;
  for (let start = 0; start < firings.length; start += BATCH) {
    const written = await Promise.all(firings.slice(start, start + BATCH).map((firing) => fireOne(subscriptions, firing, logger)));
    for (const at of written) {
      if (at === null) continue;
      fired++;
      if (comparePositions(at, position) > 0) position = at;
    }
  }
  return { fired, position };
}

async function fireOne(subscriptions: SubscriptionCommands, { subscriptionId, partnerId, timer, dueAt }: DueFiring, logger: Logger): Promise<Position | null> {
  const firing = `timer:${subscriptionId}:${timer}:${dueAt}`;
  try {
    const result = await subscriptions.execute(
      subscriptionId,
      { type: 'FireTimer', timer, dueAt },
      { actor: systemActor(partnerId), correlationId: firing, causationId: firing },
      (_event, index) => deterministicId(firing, String(index)),
    );
    return result.appended.length > 0 ? result.position : null;
  } catch (error) {
    logger.error(`${firing} failed (will retry on the next scan): ${(error as Error).message}`);
    return null;
  }
}
