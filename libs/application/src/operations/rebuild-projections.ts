import { EventStore, Position } from '../ports/event-store.port';
import { ReadDocument, ReadStore } from '../ports/read-store.port';
import { checkpointName, Projection } from '../projections/projection';
import { ProjectionRunner, ProjectionTarget } from '../projections/projection-runner';
import { CatchUpProgress } from '../projections/projection-activity';
import { counterContributions } from '../projections/fold-events';

export type RebuildProgress = CatchUpProgress & { processed: number };

export interface RebuildOptions {
  onProgress?: (progress: RebuildProgress) => void;
  /** Events per transaction (smaller keeps a serving process responsive). */
  batchSize?: number;
  /**
   * Build the indexes before the load instead of after: slower in all, but no long
   * pause at the end (a serving process's first boot).
   */
  indexesFirst?: boolean;
  /** Stops the replay; nothing is swapped in. */
  signal?: AbortSignal;
}

type Stores = { eventStore: EventStore; readStore: ReadStore };

const asideName = (name: string) => `${name}__rebuild`;

/**
 * Replays the projections from the start into fresh collections beside the live ones,
 * in one pass over the log for all of them; indexes are built after the load.
 */
export async function replayAside(stores: Stores, projections: Projection[], options: RebuildOptions = {}): Promise<Position | null> {
  const targets: ProjectionTarget[] = [];
  for (const projection of projections) {
    const collection = asideName(projection.collection);
    await stores.readStore.drop([collection], [asideName(checkpointName(projection))]);
    await stores.readStore.defineCollection(collection, projection.schema, { deferIndexes: !options.indexesFirst });
    targets.push({ projection, collection, checkpointName: asideName(checkpointName(projection)), checkpoint: null });
  }
  const runner = new ProjectionRunner({ ...stores, projections, batchSize: options.batchSize ?? 5000, onProgress: options.onProgress });
  options.signal?.addEventListener('abort', () => void runner.stop());
  return stores.readStore.bulkLoad(async () => {
    const checkpoint = await runner.catchUpTargets(targets, { rebuild: true });
    if (options.signal?.aborted) return checkpoint;
    for (const target of targets) await stores.readStore.buildIndexes(target.collection);
    return checkpoint;
  });
}

/**
 * R21 rebuild: replay aside, then swap each rebuilt collection in and move its live
 * checkpoint to where the replay ended. Stop the workers first when they run as
 * separate processes (a live runner could write between the replay and the swap).
 */
export async function rebuildProjections(stores: Stores, projections: Projection[], options: RebuildOptions = {}): Promise<Position | null> {
  const checkpoint = await replayAside(stores, projections, options);
  if (options.signal?.aborted) throw new Error('rebuild stopped before the swap; the live read models are unchanged');
  for (const projection of projections) {
    await stores.readStore.renameCollection(asideName(projection.collection), projection.collection);
    // The live checkpoint must become exactly the rebuilt one (checkpoints never move back on commit).
    await stores.readStore.drop([], [asideName(checkpointName(projection)), checkpointName(projection)]);
    if (checkpoint) await stores.readStore.commit({ writes: [], checkpoints: [{ name: checkpointName(projection), position: checkpoint }] });
  }
  // The read models now come from this log (R21: checked at every start).
  await stores.readStore.recordLogIdentity(await stores.eventStore.logIdentity());
  return checkpoint;
}

export function rebuildProjection(stores: Stores, projection: Projection, options: RebuildOptions = {}): Promise<Position | null> {
  return rebuildProjections(stores, [projection], options);
}

export interface VerifyReport {
  projection: string;
  checked: number;
  missing: string[];
  extra: string[];
  different: string[];
  /** Counter keys (e.g. partners) whose dashboard counters differ from the rebuilt ones. */
  counters: string[];
}

const REPORTED_IDS = 20;

/**
 * R21 verify: rebuild aside and compare document by document (canonical JSON), in id
 * order a page at a time (memory stays flat however big the log), and the counters
 * kept beside each collection. The live read models must be caught up to the same head.
 */
export async function verifyProjections(stores: Stores, projections: Projection[], options: RebuildOptions = {}): Promise<VerifyReport[]> {
  await replayAside(stores, projections, options);
  const reports: VerifyReport[] = [];
  for (const projection of projections) {
    reports.push(await compare(stores.readStore, projection));
    await stores.readStore.drop([asideName(projection.collection)], [asideName(checkpointName(projection))]);
  }
  return reports;
}

export async function verifyProjection(stores: Stores, projection: Projection, options: RebuildOptions = {}): Promise<VerifyReport> {
  return (await verifyProjections(stores, [projection], options))[0];
}

async function compare(readStore: ReadStore, projection: Projection): Promise<VerifyReport> {
  const report: VerifyReport = { projection: projection.name, checked: 0, missing: [], extra: [], different: [], counters: [] };
  const note = (list: string[], id: string) => list.length < REPORTED_IDS && list.push(id);
  const keys = new Set<string>();
  const rebuilt = pages(readStore, asideName(projection.collection));
  const live = pages(readStore, projection.collection);
  let a = await rebuilt.next();
  let b = await live.next();
  while (!a.done || !b.done) {
    if (!a.done && (b.done || a.value.id < b.value.id)) {
      note(report.missing, a.value.id);
      a = await rebuilt.next();
    } else if (!b.done && (a.done || b.value.id < a.value.id)) {
      note(report.extra, b.value.id);
      b = await live.next();
    } else if (!a.done && !b.done) {
      report.checked++;
      if (canonicalJson(a.value) !== canonicalJson(b.value)) note(report.different, a.value.id);
      for (const share of counterContributions(projection.counters?.(a.value))) keys.add(share.key);
      a = await rebuilt.next();
      b = await live.next();
    }
  }
  for (const key of keys) {
    const [expected, actual] = await Promise.all([readStore.counters(asideName(projection.collection), key), readStore.counters(projection.collection, key)]);
    if (canonicalJson(withoutZeros(expected)) !== canonicalJson(withoutZeros(actual))) note(report.counters, key);
  }
  return report;
}

async function* pages(readStore: ReadStore, collection: string): AsyncGenerator<ReadDocument> {
  let cursor: string | null = null;
  do {
    const page: { items: ReadDocument[]; nextCursor: string | null } = await readStore.find<ReadDocument>(collection, {}, { limit: 1000, cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

function withoutZeros(counters: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
