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
 * Canonical JSON: what JSON.stringify writes, with every object's keys sorted (so
 * `undefined` members vanish as they do in storage, and key order never matters). Events written before hashing existed carry no hash: a
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
