/**
 * Child process for the kill test of the SQLite group commit: appends without end, 40
 * appends in flight per turn (some racing on shared streams), and prints one line per
 * acknowledged append: `ack <stream> <revision> <event id>`. Run with `node --import tsx`.
 */
import { randomUUID } from 'node:crypto';
import { NewEvent, WrongExpectedRevisionError } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';

const event = (): NewEvent => ({
  id: randomUUID(),
  type: 'Appended',
  data: { payload: 'x'.repeat(200) },
  metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt: '2026-01-01T00:00:00.000Z', schema: 1 },
});

async function main(): Promise<void> {
  const store = SqliteEventStore.open(process.argv[2]);
  const revisions = new Map<string, number>();
  for (let round = 0; ; round++) {
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        // Every fourth append races on one of five hot streams; the rest go to fresh streams.
        const stream = i % 4 === 0 ? `hot-${i % 5}` : `cold-${round}-${i}`;
        const expected = revisions.get(stream) ?? 'no-stream';
        const appended = event();
        try {
          const result = await store.append(stream, [appended], expected);
          revisions.set(stream, result.nextExpectedRevision);
          process.stdout.write(`ack ${stream} ${result.nextExpectedRevision} ${appended.id}\n`);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          if (typeof error.actual === 'number') revisions.set(stream, error.actual);
        }
      }),
    );
  }
}

void main();
