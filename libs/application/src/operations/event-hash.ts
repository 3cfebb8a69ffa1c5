import { createHash } from 'node:crypto';
import { EventMetadata, NewEvent, RecordedEvent } from '../ports/event-store.port';

/**
 * R21 tamper evidence: a hash chain per stream, written by the event store on append.
 *
 *   hash = sha256(previousHash ?? '', stream, revision, id, type, JSON(data), canonical JSON(metadata))
 *
 * the seven parts joined by "\n" (none can hold a raw newline: JSON escapes them, and
 * streams, ids and types are ours), lowercase hex, kept in the event's own metadata as
 * `hash` and `previousHash` (the hash of the event before it in its stream, null for the
 * first hashed event); the metadata is hashed without those two fields. `data` is hashed as
 * JSON.stringify writes it (what SQLite stores and EventStoreDB keeps, and what a parse gives
 * back exactly); the metadata canonically (keys sorted), because EventStoreDB stores it
 * renamed and reordered. The position is left out on purpose: it belongs to the store, not
 * to the event (an export re-imported elsewhere keeps its hashes).
 *
 * SQLite computes it in its writer thread, which alone knows the revision and the previous
 * hash, from the strings it stores (writer-thread-source.ts repeats `chainHash` in plain
 * JavaScript; the contract suite checks every stored hash with this file). Events written
 * before hashing existed carry no hash: a chain starts at the first hashed event of its stream.
 */
export type HashFields = 'hash' | 'previousHash';

/** An event as it is hashed: its data as JSON, its metadata (without hash fields) as canonical JSON. */
export interface HashedContent {
  stream: string;
  revision: number;
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string;
}

export function hashableJson(event: Pick<NewEvent, 'data' | 'metadata'>): { dataJson: string; metadataJson: string } {
  return { dataJson: JSON.stringify(event.data), metadataJson: canonicalStringify(withoutHashFields(event.metadata)) };
}

export function chainHash(previousHash: string | null, content: HashedContent): string {
  return sha256([previousHash ?? '', content.stream, content.revision, content.id, content.type, content.dataJson, content.metadataJson].join('\n'));
}

/** The hash a recorded event must carry, given the hash of the event before it in its stream. */
export function expectedHash(event: RecordedEvent, previousHash: string | null): string {
  return chainHash(previousHash, { stream: event.stream, revision: event.revision, id: event.id, type: event.type, ...hashableJson(event) });
}

export function withoutHashFields(metadata: EventMetadata): Omit<EventMetadata, HashFields> {
  if (metadata.hash === undefined && metadata.previousHash === undefined) return metadata;
  const { hash, previousHash, ...content } = metadata;
  return content;
}

/** JSON.stringify's output with every object's keys sorted (undefined members and functions left out, toJSON honoured). */
export function canonicalStringify(value: unknown): string {
  return canonical(value) ?? 'null';
}

function canonical(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return canonical(json.call(value));
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item) ?? 'null').join(',')}]`;
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const member = canonical(record[key]);
    if (member !== undefined) out += `${out ? ',' : ''}${JSON.stringify(key)}:${member}`;
  }
  return `{${out}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
