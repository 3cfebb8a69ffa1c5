import { AllStreamResolvedEvent, jsonEvent, JSONEventType, ResolvedEvent } from '@eventstore/db-client';
import { EventMetadata, NewEvent, RecordedEvent, withoutHashFields } from '@ledger/application';
import { toPosition } from './eventstoredb-positions';

type StoredMetadata = Omit<EventMetadata, 'correlationId' | 'causationId'> & {
  $correlationId: string;
  $causationId: string | null;
};

/** Our metadata (all of it, with its R21 hashes) under EventStoreDB's own `$correlationId` / `$causationId` names. */
export function toEsdbEvent(event: NewEvent, chain: { hash: string; previousHash: string | null }) {
  const { correlationId, causationId, ...rest } = withoutHashFields(event.metadata);
  const metadata: StoredMetadata = { ...rest, $correlationId: correlationId, $causationId: causationId, hash: chain.hash, previousHash: chain.previousHash };
  return jsonEvent<JSONEventType<string, Record<string, unknown>, StoredMetadata>>({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata,
  });
}

/** An event as another store recorded it (migrate-log): its metadata kept whole, R21 hashes included or absent as they were. */
export function toEsdbRecorded(event: RecordedEvent) {
  const { correlationId, causationId, ...rest } = event.metadata;
  const metadata: StoredMetadata = { ...rest, $correlationId: correlationId, $causationId: causationId };
  return jsonEvent<JSONEventType<string, Record<string, unknown>, StoredMetadata>>({ id: event.id, type: event.type, data: event.data, metadata });
}

export function fromResolved(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const event = resolved.event;
  if (!event || !event.isJson || event.streamId.startsWith('$') || event.type.startsWith('$')) return null;
  const { $correlationId, $causationId, ...rest } = event.metadata as unknown as StoredMetadata;
  if (!event.position) throw new Error(`event ${event.id} has no log position`);
  return {
    id: event.id,
    type: event.type,
    stream: event.streamId,
    revision: Number(event.revision),
    position: toPosition(event.position),
    data: event.data as Record<string, unknown>,
    metadata: { ...rest, correlationId: $correlationId, causationId: $causationId ?? null, schema: rest.schema ?? 1 },
  };
}
