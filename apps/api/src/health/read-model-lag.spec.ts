import { EventStore, ProjectionLag, ReadAllOptions, RecordedEvent } from '@ledger/application';
import { readModelLagSeconds } from './read-model-lag';

const NOW = new Date('2026-01-31T09:00:10.000Z');
const clock = { now: () => NOW };

function eventAt(position: string, occurredAt: string): RecordedEvent {
  return {
    id: position, type: 'X', data: {}, stream: 's', revision: Number(position), position,
    metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt, schema: 1 },
  };
}

/** Only readAll is used: the events after a position, one batch. */
function logOf(events: RecordedEvent[]): Pick<EventStore, 'readAll'> {
  return {
    async *readAll(options: ReadAllOptions = {}) {
      const after = events.filter((event) => options.after == null || event.position > options.after);
      if (after.length) yield after.slice(0, options.batchSize ?? 500);
    },
  };
}

const lag = (projection: string, checkpoint: string | null, head: string): ProjectionLag => ({ projection, checkpoint, head, caughtUp: (checkpoint ?? '') >= head });

describe('/health/ready: how far the read models trail the head, in seconds', () => {
  const log = logOf([eventAt('1', '2026-01-31T09:00:00.000Z'), eventAt('2', '2026-01-31T09:00:06.000Z'), eventAt('3', '2026-01-31T09:00:09.000Z')]);

  it('is 0 when every read model is at the head', async () => {
    expect(await readModelLagSeconds(log, [lag('a', '3', '3'), lag('b', '3', '3')], clock)).toBe(0);
  });

  it('counts from the oldest event the slowest read model has not processed', async () => {
    expect(await readModelLagSeconds(log, [lag('a', '3', '3'), lag('b', '1', '3')], clock)).toBe(4);
    expect(await readModelLagSeconds(log, [lag('a', '2', '3'), lag('b', null, '3')], clock)).toBe(10);
  });
});
