import { EventStore, Position } from '../ports/event-store.port';
import { ReadDocument, ReadStore } from '../ports/read-store.port';
import { Projection } from '../projections/projection';
import { ProjectionRunner } from '../projections/projection-runner';
import { findAll } from '../projections/find-all';

export interface RebuildProgress {
  projection: string;
  processed: number;
  position: Position;
}

const asideName = (name: string) => `${name}__rebuild`;

/** Replays one projection from the start into a fresh collection beside the live one. */
export async function replayAside(
  stores: { eventStore: EventStore; readStore: ReadStore },
  projection: Projection,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<{ collection: string; checkpoint: Position | null }> {
  const runner = new ProjectionRunner({
    ...stores,
    projections: [projection],
    batchSize: 1000,
    onProgress: ({ processed, position }) => onProgress?.({ projection: projection.name, processed, position }),
  });
  const collection = asideName(projection.collection);
  const checkpoint = await runner.replayInto(projection, collection, asideName(projection.name));
  return { collection, checkpoint };
}

/**
 * R21 rebuild: replay aside, then swap the rebuilt collection in and move the live
 * checkpoint to where the replay ended. Stop the worker first when the store has no
 * atomic swap across processes (the embedded store's rename is atomic; Mongo's
 * renameCollection with dropTarget is too, but a live runner could write in between).
 */
export async function rebuildProjection(
  stores: { eventStore: EventStore; readStore: ReadStore },
  projection: Projection,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<Position | null> {
  const { collection, checkpoint } = await replayAside(stores, projection, onProgress);
  await stores.readStore.renameCollection(collection, projection.collection);
  await stores.readStore.drop([], [asideName(projection.name)]);
  // The live checkpoint must become exactly the rebuilt one (checkpoints never move back on commit).
  await stores.readStore.drop([], [projection.name]);
  if (checkpoint) await stores.readStore.commit({ writes: [], checkpoint: { name: projection.name, position: checkpoint } });
  return checkpoint;
}

export interface VerifyReport {
  projection: string;
  checked: number;
  missing: string[];
  extra: string[];
  different: string[];
}

/**
 * R21 verify: rebuild aside and compare document by document (canonical JSON) with the
 * live collection. The live projection must be caught up to the same head.
 */
export async function verifyProjection(
  stores: { eventStore: EventStore; readStore: ReadStore },
  projection: Projection,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<VerifyReport> {
  const { collection } = await replayAside(stores, projection, onProgress);
  const rebuilt = await allDocuments(stores.readStore, collection);
  const live = await allDocuments(stores.readStore, projection.collection);
  const report: VerifyReport = { projection: projection.name, checked: rebuilt.size, missing: [], extra: [], different: [] };
  for (const [id, doc] of rebuilt) {
    const current = live.get(id);
    if (current === undefined) report.missing.push(id);
    else if (current !== doc) report.different.push(id);
  }
  for (const id of live.keys()) if (!rebuilt.has(id)) report.extra.push(id);
  await stores.readStore.drop([collection], [asideName(projection.name)]);
  return report;
}

async function allDocuments(readStore: ReadStore, collection: string): Promise<Map<string, string>> {
  const docs = await findAll<ReadDocument>(readStore, collection, {}, [], 1000);
  return new Map(docs.map((doc) => [doc.id, canonicalJson(doc)]));
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
