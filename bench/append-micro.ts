/**
 * `npx tsx bench/append-micro.ts`: the SQLite event store's append throughput alone (no
 * HTTP): 64 concurrent appenders, 3 events each per append, new streams and existing ones,
 * through the group-commit writer thread. A micro figure for changes to the append path
 * (e.g. the R21 hash chain); run it from another checkout's root to compare.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewEvent } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';

const APPENDERS = 64;
const APPENDS_EACH = 100;

function event(type: string, i: number): NewEvent {
  return {
    id: randomUUID(),
    type,
    data: { customerId: randomUUID(), offerId: 'm365-business-basic-monthly', quantity: i, unitPrice: { amount: '6.00', currency: 'USD' }, term: 'P1M' },
    metadata: { correlationId: randomUUID(), causationId: null, actor: { userId: 'bench', partnerId: 'p-1', roles: ['admin-agent'] }, occurredAt: new Date().toISOString(), schema: 1 },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-append-micro-'));
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  try {
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: APPENDERS }, async (_, a) => {
        const stream = `bench-${a}-${randomUUID()}`;
        for (let i = 0; i < APPENDS_EACH; i++) await store.append(stream, [event('A', i), event('B', i), event('C', i)], i === 0 ? 'no-stream' : i * 3 - 1);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const events = APPENDERS * APPENDS_EACH * 3;
    console.log(`${events} events in ${APPENDERS * APPENDS_EACH} appends: ${(events / seconds).toFixed(0)} events/s, ${((APPENDERS * APPENDS_EACH) / seconds).toFixed(0)} appends/s (${store.commits} commits)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
