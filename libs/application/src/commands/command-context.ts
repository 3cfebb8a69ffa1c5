import { Actor, EventMetadata } from '../ports/event-store.port';

/** R3: who issued a command, and why (correlation, causation), carried onto every event. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** The event or timer firing that caused this command; null for a user's request. */
  causationId: string | null;
  /** `If-Match` revision the caller saw, when it sent one. */
  expectedRevision?: number;
}

/** 2: SubscriptionPurchased.coTerm and OrderPlaced.baseTerm (R15 co-termed add-ons). */
export const CURRENT_SCHEMA = 2;

export function metadataFor(context: CommandContext, now: Date): EventMetadata {
  return {
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: context.actor,
    occurredAt: now.toISOString(),
    schema: CURRENT_SCHEMA,
  };
}

/** R19: an event that takes effect at another instant than it is written records that instant. */
export function withEffectiveAt(metadata: EventMetadata, effectiveAt: string | undefined): EventMetadata {
  return effectiveAt === undefined || effectiveAt === metadata.occurredAt ? metadata : { ...metadata, effectiveAt };
}

/** The system acting on its own (timers, seeding); still named in the audit trail. */
export function systemActor(partnerId: string): Actor {
  return { userId: 'system', partnerId, roles: [] };
}
