import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { LogBatch, LogConsumer, LogConsumerBoard, LogProcessor, NewEvent, Position } from '@ledger/application';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';

function counted(seq: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'Counted',
    data: { seq },
    metadata: { correlationId: 'c', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: [] }, occurredAt: '2026-01-01T00:00:00.000Z', schema: 1 },
  };
}

/** Keeps its checkpoint in memory, as if committed with what it did; fails on demand. */
class Recorder implements LogProcessor {
  committed: Position | null = null;
  readonly seqs: number[] = [];
  readonly batches: LogBatch[] = [];
  resumes = 0;
  /** Batches holding this seq throw, `failures` times. */
  failOn: { seq: number; failures: number } | null = null;

  constructor(readonly name: string) {}

  async resume(): Promise<Position | null> {
    this.resumes++;
    return this.committed;
  }

  async handle(batch: LogBatch): Promise<void> {
    const seqs = batch.events.map((e) => Number((e.data as unknown as { seq: number }).seq));
    if (this.failOn && seqs.includes(this.failOn.seq) && this.failOn.failures > 0) {
      this.failOn.failures--;
      throw new Error(`cannot take ${this.failOn.seq}`);
    }
    this.batches.push(batch);
    this.seqs.push(...seqs);
    this.committed = batch.end;
  }
}

describe('log consumer', () => {
  let dir: string;
  let events: SqliteEventStore;
  let consumer: LogConsumer | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-consumer-'));
    events = SqliteEventStore.open(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = null;
    await events.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function append(from: number, count: number): Promise<Position> {
    let last = '';
    for (let seq = from; seq < from + count; seq++) last = (await events.append(`counted-${seq % 7}`, [counted(seq)], 'any')).position;
    return last;
  }

  it('reads and upcasts each batch once for every processor; each from its own checkpoint', async () => {
    await append(1, 30);
    const a = new Recorder('a');
    const b = new Recorder('b');
    b.committed = (await collect(events))[19]; // b has done the first 20 already
    const readAll = jest.spyOn(events, 'readAll');
    consumer = new LogConsumer({ eventStore: events, processors: [a, b], batchSize: 10 });
    expect(await consumer.catchUp()).toBe(await events.headPosition());
    expect(readAll).toHaveBeenCalledTimes(1);
    expect(a.seqs).toEqual(range(1, 30));
    expect(b.seqs).toEqual(range(21, 30));
    // The batch b saw is the one a saw: the same upcast events, not a second read.
    expect(b.batches[0].events[0]).toBe(a.batches[2].events[0]);
  });

  it('follows live; a failing processor is retried from its checkpoint and reported, the others go on, nothing is skipped', async () => {
    await append(1, 5);
    const steady = new Recorder('steady');
    const flaky = new Recorder('flaky');
    flaky.failOn = { seq: 8, failures: 3 };
    const errors: string[] = [];
    consumer = new LogConsumer({ eventStore: events, processors: [steady, flaky], firstPauseMs: 20, maxPauseMs: 40, logger: { info: () => undefined, error: (m) => errors.push(m) } });
    await consumer.start();
    expect(await consumer.whenProcessed((await events.headPosition())!, 5000)).toBe(true);
    const head = await append(6, 5);
    expect(await consumer.whenProcessed(head, 5000, ['steady'])).toBe(true);
    expect(steady.seqs).toEqual(range(1, 10));
    // Failing or not, it is shown with its last error and since when.
    const shown = consumer.status().find((s) => s.name === 'flaky')!;
    if (shown.failures > 0) expect(shown).toMatchObject({ state: expect.stringMatching(/failing|resuming/), lastError: 'cannot take 8', failingSince: expect.any(String) });
    expect(await consumer.whenProcessed(head, 5000)).toBe(true);
    expect(flaky.seqs).toEqual(range(1, 10));
    expect(flaky.resumes).toBe(4); // the start and one resume per failure
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/flaky failed \(1 in a row since .*\): cannot take 8; resuming from its checkpoint \d+ in 20 ms/);
    expect(consumer.status().find((s) => s.name === 'flaky')).toMatchObject({ state: 'running', failures: 0, failingSince: null, eventsBehind: 0, checkpoint: head });
  });

  it('a processor that keeps failing stays reported (never silently stopped) and holds nobody else back', async () => {
    await append(1, 3);
    const steady = new Recorder('steady');
    const broken = new Recorder('broken');
    broken.failOn = { seq: 2, failures: Infinity };
    consumer = new LogConsumer({ eventStore: events, processors: [steady, broken], firstPauseMs: 5, maxPauseMs: 20, logger: { info: () => undefined, error: () => undefined } });
    await consumer.start();
    const head = await append(4, 3);
    expect(await consumer.whenProcessed(head, 5000, ['steady'])).toBe(true);
    expect(await consumer.whenProcessed(head, 200)).toBe(false);
    const status = consumer.status(head).find((s) => s.name === 'broken')!;
    expect(status.failures).toBeGreaterThanOrEqual(2);
    expect(status).toMatchObject({ lastError: 'cannot take 2', checkpoint: null, eventsBehind: 6 });
    expect(broken.seqs).toEqual([]);
    // Repaired: it resumes from its checkpoint and catches up.
    broken.failOn = null;
    expect(await consumer.whenProcessed(head, 5000)).toBe(true);
    expect(broken.seqs).toEqual(range(1, 6));
    expect(steady.seqs).toEqual(range(1, 6));
  });

  it('a processor failing in the worker process is reported by every other process on the same stores (the board publishes it to the read store)', async () => {
    const readStore = EmbeddedReadStore.open(join(dir, 'read.db'));
    try {
      await append(1, 3);
      const broken = new Recorder('broken');
      broken.failOn = { seq: 2, failures: Infinity };
      consumer = new LogConsumer({ eventStore: events, processors: [broken], firstPauseMs: 5, maxPauseMs: 20, logger: { info: () => undefined, error: () => undefined } });
      const known = [{ name: 'broken', checkpoints: ['broken.v1'] }];
      const worker = new LogConsumerBoard(events, readStore, known);
      const api = new LogConsumerBoard(events, readStore, known);
      worker.attach(consumer);
      await consumer.start();
      const seen = async () => (await api.processors())[0];
      const deadline = Date.now() + 5000;
      while ((await seen()).state !== 'failing' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await seen()).toMatchObject({ name: 'broken', state: 'failing', lastError: 'cannot take 2', eventsBehind: 3 });
      expect((await seen()).failures).toBeGreaterThanOrEqual(2);

      broken.failOn = null;
      expect(await consumer.whenProcessed((await events.headPosition())!, 5000)).toBe(true);
      while ((await seen()).state === 'failing' && Date.now() < deadline + 5000) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await seen()).toMatchObject({ state: 'elsewhere', failures: 0, failingSince: null }); // lastError stays as the last one seen
      worker.detach(consumer);
    } finally {
      await readStore.close();
    }
  });

  it('a slow processor does not hold up the others (each takes its batches on its own)', async () => {
    const fast = new Recorder('fast');
    const slow = new Recorder('slow');
    const release = holdBatches(slow, () => true);
    consumer = new LogConsumer({ eventStore: events, processors: [fast, slow] });
    await consumer.start();
    await append(1, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const head = await append(2, 1);
    expect(await consumer.whenProcessed(head, 5000, ['fast'])).toBe(true);
    expect(slow.seqs).toEqual([]);
    release();
    expect(await consumer.whenProcessed(head, 5000)).toBe(true);
    expect(slow.seqs).toEqual([1, 2]);
  });

  it('what arrives while a processor is busy reaches it as one batch; an idle one gets each live batch as it comes', async () => {
    const idle = new Recorder('idle');
    const busy = new Recorder('busy');
    const release = holdBatches(busy, () => busy.batches.length === 0);
    consumer = new LogConsumer({ eventStore: events, processors: [idle, busy] });
    await consumer.start();
    let head = await append(1, 1);
    expect(await consumer.whenProcessed(head, 5000, ['idle'])).toBe(true);
    for (let seq = 2; seq <= 6; seq++) {
      head = await append(seq, 1);
      expect(await consumer.whenProcessed(head, 5000, ['idle'])).toBe(true);
    }
    release();
    expect(await consumer.whenProcessed(head, 5000)).toBe(true);
    expect(idle.batches.map((b) => b.events.length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(busy.batches.map((b) => b.events.length)).toEqual([1, 5]);
    expect(busy.seqs).toEqual(range(1, 6));
    expect(busy.batches[1].end).toBe(head);
  });

  it('stop ends following: nothing is handed over after it resolves', async () => {
    const recorder = new Recorder('r');
    consumer = new LogConsumer({ eventStore: events, processors: [recorder] });
    await consumer.start();
    const first = await append(1, 1);
    expect(await consumer.whenProcessed(first, 5000)).toBe(true);
    await consumer.stop();
    await append(2, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.seqs).toEqual([1]);
    expect(consumer.status()[0].state).toBe('stopped');
  });
});

/** Makes the recorder wait, on each batch for which `held` says so, until the returned release is called. */
function holdBatches(recorder: Recorder, held: () => boolean): () => void {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handle = recorder.handle.bind(recorder);
  recorder.handle = async (batch) => {
    if (held()) await gate;
    return handle(batch);
  };
  return () => release();
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function collect(store: SqliteEventStore): Promise<Position[]> {
  const positions: Position[] = [];
  for await (const batch of store.readAll()) positions.push(...batch.map((e) => e.position));
  return positions;
}
