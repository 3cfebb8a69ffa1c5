import { createHash } from 'node:crypto';
import { EventMetadata, NewEvent, RecordedEvent } from '../ports/event-store.port';

/**
 * R21 tamper evidence: a hash chain per stream, written by the event store on append.
 *
 *   digest = sha256(canonical JSON of { id, type, data, metadata without hash fields })
 *   hash   = sha256(`${previousHash ?? ''}\n${stream}\n${revision}\n${digest}`)
 *
 * as lowercase hex, kept in the event's own metadata as `hash` and `previousHash` (the hash
 * of the event before it in its stream, null for the first hashed event). The position is
 * left out on purpose: it belongs to the store, not to the event (an export re-imported
 * elsewhere keeps its hashes). The digest is computed by the caller's thread (it needs the
 * event's content only); the chain step by the writer, which alone knows the revision and
 * the previous hash (SQLite: writer-thread-source.ts repeats `chainHash` in plain
 * JavaScript; the contract suite checks every stored hash with this file).
 *
 * Canonical JSON: JSON.stringify with every object's keys sorted (so `undefined` members
 * vanish as they do in storage). Events written before hashing existed carry no hash: a
 * chain starts at the first hashed event of its stream.
 */
export type HashFields = 'hash' | 'previousHash';

export function contentDigest(event: Pick<NewEvent, 'id' | 'type' | 'data' | 'metadata'>): string {
  const content = { id: event.id, type: event.type, data: event.data, metadata: withoutHashFields(event.metadata) };
  return sha256(canonicalStringify(content));
}

export function chainHash(previousHash: string | null, stream: string, revision: number, digest: string): string {
  return sha256(`${previousHash ?? ''}\n${stream}\n${revision}\n${digest}`);
}

/** The hash a recorded event must carry, given the hash of the event before it in its stream. */
export function expectedHash(event: RecordedEvent, previousHash: string | null): string {
  return chainHash(previousHash, event.stream, event.revision, contentDigest(event));
}

export function withoutHashFields(metadata: EventMetadata): Omit<EventMetadata, HashFields> {
  if (metadata.hash === undefined && metadata.previousHash === undefined) return metadata;
  const { hash, previousHash, ...content } = metadata;
  return content;
}

export function canonicalStringify(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => (isPlainObject(member) ? sortedKeys(member) : member));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortedKeys(value: Record<string, unknown>): Record<string, unknown> {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = value[key];
  return sorted;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
