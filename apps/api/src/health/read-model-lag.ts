import { Clock, comparePositions, EventStore, ProjectionLag } from '@ledger/application';

/** `/health/ready`: read models count as ready while they trail the head by at most this long. */
export const READY_LAG_SECONDS = 5;

/**
 * How far behind, in seconds, the read models are: from the oldest event not yet projected
 * by every read model (written at its `occurredAt`, by the injected clock) to now. Zero
 * when every checkpoint is at the head.
 */
export async function readModelLagSeconds(eventStore: Pick<EventStore, 'readAll'>, lags: ProjectionLag[], clock: Clock): Promise<number> {
  const behind = lags.filter((lag) => !lag.caughtUp);
  if (behind.length === 0) return 0;
  const slowest = behind.map((lag) => lag.checkpoint).reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b));
  for await (const [oldest] of eventStore.readAll({ after: slowest, batchSize: 1 })) {
    return Math.max(0, (clock.now().getTime() - Date.parse(oldest.metadata.occurredAt)) / 1000);
  }
  return 0;
}
