import { EventStore, Position, RecordedEvent } from '../ports/event-store.port';
import { expectedHash } from './event-hash';

export interface BrokenLink {
  stream: string;
  revision: number;
  position: Position;
  reason: string;
}

export interface LogVerifyReport {
  /** Events read. */
  checked: number;
  /** Events written before hashing existed (before the first hashed event of their stream): not broken, just unprotected. */
  unhashed: number;
  streams: number;
  /** Every broken link found; `first` names the first in log order. */
  broken: number;
  first: BrokenLink | null;
}

interface ChainEnd {
  revision: number;
  /** Null while the stream has only unhashed events. */
  hash: string | null;
}

/**
 * R21 verify, log half: walks the whole log in position order and checks every stream's
 * hash chain (operations/event-hash.ts). A link is broken when an event's content does not
 * give its hash, when its `previousHash` is not the hash of the event before it, when a
 * revision is missing, or when an event after a hashed one carries no hash. After a broken
 * link the chain goes on from the stored hash, so one edited event is one broken link.
 * Memory: one entry per stream.
 */
export async function verifyLog(eventStore: EventStore): Promise<LogVerifyReport> {
  const report: LogVerifyReport = { checked: 0, unhashed: 0, streams: 0, broken: 0, first: null };
  const ends = new Map<string, ChainEnd>();
  for await (const batch of eventStore.readAll({ batchSize: 1000 })) {
    for (const event of batch) {
      report.checked++;
      const end = ends.get(event.stream);
      const reason = brokenReason(event, end);
      if (reason) {
        report.broken++;
        report.first ??= { stream: event.stream, revision: event.revision, position: event.position, reason };
      } else if (event.metadata.hash === undefined) {
        report.unhashed++;
      }
      ends.set(event.stream, { revision: event.revision, hash: event.metadata.hash ?? null });
    }
  }
  report.streams = ends.size;
  return report;
}

function brokenReason(event: RecordedEvent, end: ChainEnd | undefined): string | null {
  const expectedRevision = end ? end.revision + 1 : 0;
  if (event.revision !== expectedRevision) return `revision ${expectedRevision} is missing before it`;
  const { hash, previousHash } = event.metadata;
  if (hash === undefined) return end?.hash ? 'it has no hash although the event before it has one' : null;
  const chainedTo = end?.hash ?? null;
  if ((previousHash ?? null) !== chainedTo) return 'its previousHash is not the hash of the event before it';
  if (expectedHash(event, chainedTo) !== hash) return 'its content does not match its hash (edited after it was written)';
  return null;
}

export function describeBrokenLink(link: BrokenLink): string {
  return `stream ${link.stream}, revision ${link.revision} (position ${link.position}): ${link.reason}`;
}
