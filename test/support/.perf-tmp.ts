import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/infrastructure/event-store';
const dir = process.argv[2];
(async () => {
  const store = SqliteEventStore.open(join(dir, 'e.db'));
  const meta = { correlationId: randomUUID(), causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt: '2026-01-01T00:00:00.000Z', schema: 1 };
  let t = Date.now();
  for (let s = 0; s < 1000; s++) await store.append(`s-${s}`, Array.from({ length: 1000 }, (_, i) => ({ id: randomUUID(), type: 'T', data: { i }, metadata: meta })), 'no-stream');
  console.log('append 1M ms', Date.now() - t);
  t = Date.now(); let n = 0;
  for await (const b of store.readAll({ batchSize: 1000 })) n += b.length;
  console.log('readAll', n, 'ms', Date.now() - t);
  await store.close();
})();
