import { Position, RecordedEvent } from '../ports/event-store.port';
import { DocumentWrite, ReadStore } from '../ports/read-store.port';
import { LogBatch, LogProcessor } from './log-processor';

export interface ReadStoreProcessorOptions {
  name: string;
  readStore: ReadStore;
  /** The checkpoint committed with the writes. */
  checkpoint: string;
  /** What a batch of events (as stored) writes; committed in one transaction with the checkpoint. */
  write(batch: RecordedEvent[]): Promise<DocumentWrite[]>;
  /** Runs on each resume, before the checkpoint is read: define collections, reload state from the store. */
  beforeResume?(): Promise<void>;
  /** Called after each commit (e.g. to wake a dispatcher). */
  onCommit?(position: Position): void;
}

/**
 * A processor that is not a plain projection (it needs lookups across documents, or writes
 * several documents per event) but writes only to the read store: the checkpoint is
 * committed with the batch's writes, so a crash between two batches replays the last one,
 * and the writes (deterministic ids guarded on `_position`) absorb the replay.
 */
export function readStoreProcessor(options: ReadStoreProcessorOptions): LogProcessor {
  return {
    name: options.name,
    async resume() {
      await options.beforeResume?.();
      return options.readStore.getCheckpoint(options.checkpoint);
    },
    async handle({ stored, end }: LogBatch) {
      const writes = await options.write(stored);
      await options.readStore.commit({ writes, checkpoints: [{ name: options.checkpoint, position: end }] });
      options.onCommit?.(end);
    },
  };
}
