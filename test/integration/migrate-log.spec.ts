import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, RecordedEvent, StreamAppend, verifyLog } from '@ledger/application';
import { EventStoreDbEventStore } from '@ledger/infrastructure/event-store/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { newEvent } from '../contract/event-store.contract';
import { EsdbDouble, startEsdbDouble } from '../support/esdb-double/server';
import { until } from '../e2e/service/service-process';
import { startCli } from '../support/cli-process';

const startMigration = (dataDir: string, url: string) => startCli(['migrate-log', '--to', url], { DATA_DIR: dataDir });
const migrate = (dataDir: string, url: string) => startMigration(dataDir, url).done;

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const batch of store.readAll({ batchSize: 700 })) events.push(...batch);
  return events;
}

const withoutPosition = ({ position, ...event }: RecordedEvent) => event;

/**
 * A log as the service leaves it, with what a copy could lose: events from before hashing
 * (written without hash fields), commands of several events, streams interleaved in log
 * order, a late timer firing's effectiveAt.
 */
async function writeLog(file: string, interleaved = 0): Promise<void> {
  const db = new Database(file);
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream, revision))`);
  const legacy = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  for (const revision of [0, 1]) {
    const event = newEvent('Old', { n: revision });
    legacy.run(event.id, 'customer-old', revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
  }
  db.close();
  const store = SqliteEventStore.open(file);
  await store.append('customer-old', [newEvent('Renamed', { name: 'Ünïcode ✓', nested: { b: 1, a: [1, 'x', null] } })], 1);
  const late = newEvent('SubscriptionRenewed', { amount: '10.00' });
  late.metadata = { ...late.metadata, causationId: 'timer-1', effectiveAt: '2026-01-01T00:00:00.000Z' };
  await store.append('subscription-1', [newEvent('SubscriptionPurchased', { quantity: 3 }), late], 'no-stream');
  await store.append('customer-old', [newEvent('Suspended')], 2);
  for (let round = 0; round < interleaved; round++) {
    const appends: StreamAppend[] = [];
    for (let s = 0; s < 100; s++) appends.push({ stream: `order-${s}`, events: [newEvent('Step', { round })], expected: round === 0 ? 'no-stream' : round - 1 });
    await store.appendMany(appends);
  }
  await store.close();
}

describe('migrate-log: the embedded log copied into EventStoreDB (gRPC double)', () => {
  let dataDir: string;
  let double: EsdbDouble;
  let target: EventStoreDbEventStore | undefined;
  let source: SqliteEventStore | undefined;

  beforeEach(async () => {
    [target, source] = [undefined, undefined];
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-migrate-'));
    double = await startEsdbDouble();
  });
  afterEach(async () => {
    await Promise.allSettled([target?.close(), source?.close()]);
    await double.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function openBoth(): Promise<{ source: SqliteEventStore; target: EventStoreDbEventStore }> {
    source = SqliteEventStore.open(join(dataDir, 'events.db'));
    target = await EventStoreDbEventStore.connect(double.url);
    return { source, target };
  }

  it('R21: copies every event with its id, stream, revision, data and metadata (hash chains included, unhashed ones left unhashed) in log order, keeps the log identity, and verifies', async () => {
    await writeLog(join(dataDir, 'events.db'));
    const run = await migrate(dataDir, double.url);
    expect(run.stdout).toMatch(/^copied 6 event\(s\) in [\d.]+ s; 0 were there already/m);
    expect(run.stdout).toMatch(/^verified: the target holds the same 6 events in the same order/m);
    expect(run.stdout).toMatch(/^hash chains: every chain of the 2 streams intact in the target; 2 event\(s\) from before hashing, copied unhashed/m);
    expect(run.code).toBe(0);

    const { source, target } = await openBoth();
    const [copied, original] = [await allEvents(target), await allEvents(source)];
    expect(copied.map(withoutPosition)).toEqual(original.map(withoutPosition));
    expect(copied[0].metadata.hash).toBeUndefined();
    expect(copied[2].metadata).toMatchObject({ hash: original[2].metadata.hash, previousHash: null });
    expect(copied[4].metadata).toMatchObject({ effectiveAt: '2026-01-01T00:00:00.000Z', causationId: 'timer-1' });
    const lastTwo = (store: EventStore) => store.readStream('customer-old', { direction: 'backwards', maxCount: 2 });
    expect((await lastTwo(target)).map(withoutPosition)).toEqual((await lastTwo(source)).map(withoutPosition));
    expect(copied.every((event) => /^\d{20}\/\d{20}$/.test(event.position))).toBe(true);
    expect(await target.logIdentity()).toBe(await source.logIdentity());
    // An append through the adapter continues the copied chain.
    await target.append('customer-old', [newEvent('Reactivated')], 3);
    expect(await verifyLog(target)).toMatchObject({ broken: 0, checked: 7, unhashed: 2 });
  }, 60_000);

  it('R21: killed mid-copy (SIGKILL), a second run resumes where the target stands, stores no event twice and verifies', async () => {
    await writeLog(join(dataDir, 'events.db'), 20); // 2,006 events, one append each in log order
    const first = startMigration(dataDir, double.url);
    await until(async () => double.log.events.filter((event) => !event.stream.startsWith('$')).length > 300, 60_000, 'the copy to be under way', 5);
    first.child.kill('SIGKILL');
    await first.done;
    const copiedBeforeKill = double.log.events.filter((event) => !event.stream.startsWith('$')).length;
    expect(copiedBeforeKill).toBeGreaterThan(300);
    expect(copiedBeforeKill).toBeLessThan(2006);

    const second = await migrate(dataDir, double.url);
    expect(second.code).toBe(0);
    const [, copiedNow, skipped] = /^copied (\d+) event\(s\) in [\d.]+ s; (\d+) were there already/m.exec(second.stdout) ?? [];
    expect(Number(skipped)).toBe(copiedBeforeKill);
    expect(Number(copiedNow) + Number(skipped)).toBe(2006);
    expect(second.stdout).toMatch(/^verified: the target holds the same 2006 events in the same order/m);

    const ids = double.log.events.filter((event) => !event.stream.startsWith('$')).map((event) => event.id);
    expect(ids).toHaveLength(2006);
    expect(new Set(ids).size).toBe(2006);
    // A third run has nothing left to copy.
    expect((await migrate(dataDir, double.url)).stdout).toMatch(/^copied 0 event\(s\) in [\d.]+ s; 2006 were there already/m);
  }, 120_000);

  it('R21: a target edited after the copy fails verification, naming the event, and the command exits 1', async () => {
    await writeLog(join(dataDir, 'events.db'));
    expect((await migrate(dataDir, double.url)).code).toBe(0);
    const edited = double.log.events.find((event) => event.stream === 'subscription-1' && event.revision === 1n)!;
    edited.data = Buffer.from(Buffer.from(edited.data).toString().replace('10.00', '1.00'));

    const run = await migrate(dataDir, double.url);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^NOT verified: 1 difference\(s\) \(source 6 events, target 6\); first: event 5 in log order: subscription-1@1 \(SubscriptionRenewed [0-9a-f-]{36}\): its data differ/m);
    expect(run.stdout).toMatch(/^hash chains: 1 broken link\(s\) in the target; first: stream subscription-1, revision 1 .*its content does not match its hash/m);
  }, 60_000);

  it('R21: an event the source has not, written to the target after the copy, fails verification', async () => {
    await writeLog(join(dataDir, 'events.db'));
    expect((await migrate(dataDir, double.url)).code).toBe(0);
    const writer = (target = await EventStoreDbEventStore.connect(double.url));
    await writer.append('subscription-1', [newEvent('SubscriptionSuspended')], 1);

    const run = await migrate(dataDir, double.url);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^NOT verified: 1 difference\(s\) \(source 6 events, target 7\); first: event 7 in log order: the target has subscription-1@2 \(SubscriptionSuspended/m);
  }, 60_000);

  it('refuses an EventStoreDB that holds another log, writing nothing into it', async () => {
    await writeLog(join(dataDir, 'events.db'));
    const other = (target = await EventStoreDbEventStore.connect(double.url));
    await other.append('customer-other', [newEvent('CustomerCreated')], 'no-stream');
    const before = double.log.events.length;

    const run = await migrate(dataDir, double.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the target already holds events of another log \(log without identity, this one is [0-9a-f-]{36}\)/);
    expect(double.log.events).toHaveLength(before);
  }, 60_000);

  it('refuses a missing embedded log and a URL that is not EventStoreDB, before touching anything', async () => {
    const missing = await migrate(join(dataDir, 'nowhere'), double.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/the event log .*nowhere\/events\.db does not exist/);
    await writeLog(join(dataDir, 'events.db'));
    const wrongUrl = await migrate(dataDir, 'mongodb://127.0.0.1:27017');
    expect(wrongUrl.code).toBe(1);
    expect(wrongUrl.stderr).toMatch(/EVENTSTORE_URL/);
    expect(double.log.events).toHaveLength(0);
  }, 60_000);
});
