import { AllStreamResolvedEvent, jsonEvent, JSONEventType, ResolvedEvent } from '@eventstore/db-client';
import { EventMetadata, NewEvent, RecordedEvent } from '@ledger/application';
import { toPosition } from './eventstoredb-positions';

interface StoredMetadata {
  $correlationId: string;
  $causationId: string | null;
  actor: EventMetadata['actor'];
  occurredAt: string;
  schema: number;
}

/** Our metadata under EventStoreDB's own `$correlationId` / `$causationId` names. */
export function toEsdbEvent(event: NewEvent) {
  const metadata: StoredMetadata = {
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
    actor: event.metadata.actor,
    occurredAt: event.metadata.occurredAt,
    schema: event.metadata.schema,
  };
  return jsonEvent<JSONEventType<string, Record<string, unknown>, StoredMetadata>>({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata,
  });
}

export function fromResolved(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const event = resolved.event;
  if (!event || !event.isJson || event.streamId.startsWith('$') || event.type.startsWith('$')) return null;
  const metadata = event.metadata as unknown as StoredMetadata;
  if (!event.position) throw new Error(`event ${event.id} has no log position`);
  return {
    id: event.id,
    type: event.type,
    stream: event.streamId,
    revision: Number(event.revision),
    position: toPosition(event.position),
    data: event.data as Record<string, unknown>,
    metadata: {
      correlationId: metadata.$correlationId,
      causationId: metadata.$causationId ?? null,
      actor: metadata.actor,
      occurredAt: metadata.occurredAt,
      schema: metadata.schema ?? 1,
    },
  };
}
