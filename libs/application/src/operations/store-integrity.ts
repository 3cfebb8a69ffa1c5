import { comparePositions, EventStore } from '../ports/event-store.port';
import { ReadStore } from '../ports/read-store.port';

/** Why the service refuses to start: one line naming the file, what is wrong and what to do. */
export class StoreIntegrityError extends Error {
  constructor(message: string) {
    super(`refusing to start: ${message}`);
    this.name = 'StoreIntegrityError';
  }
}

export interface IntegrityCheckInput {
  eventStore: EventStore;
  readStore: ReadStore;
  /** How to name each store in a refusal: a file path or a server. */
  eventLog: string;
  readModels: string;
  /** The checkpoints the read models keep (one per projection). */
  checkpointNames: string[];
}

const REBUILD = 'npm run cli -- rebuild';

/**
 * R21 at start: the read models must have been built from this log and must not be ahead
 * of it. A read store that never recorded a log identity (a fresh one, or one from before
 * identities) adopts this log's, unless one of its checkpoints lies beyond the head: that
 * is how a fresh empty log beside old read models is caught. Corrupt files are the
 * adapters' concern (they refuse to open).
 */
export async function checkStoreIntegrity(input: IntegrityCheckInput): Promise<void> {
  const { eventStore, readStore } = input;
  const [identity, recorded, head] = await Promise.all([eventStore.logIdentity(), readStore.logIdentity(), eventStore.headPosition()]);
  if (recorded !== null && recorded !== identity) {
    throw new StoreIntegrityError(
      `the read models in ${input.readModels} were built from another event log (log ${recorded}), not from ${input.eventLog} (log ${identity}); ` +
        `point DATA_DIR at the matching log or restore it from a backup, or rebuild the read models from this log with \`${REBUILD}\``,
    );
  }
  for (const name of input.checkpointNames) {
    const checkpoint = await readStore.getCheckpoint(name);
    if (comparePositions(checkpoint, head) > 0) {
      throw new StoreIntegrityError(
        `the read models in ${input.readModels} are ahead of the event log ${input.eventLog} (checkpoint ${name} at ${checkpoint}, log head ${head ?? 'none: the log is empty'}): ` +
          `the log is truncated, older or new; restore ${input.eventLog} from a backup, or rebuild the read models from it with \`${REBUILD}\``,
      );
    }
  }
  if (recorded === null) await readStore.recordLogIdentity(identity);
}
