import { Inject, Injectable } from '@nestjs/common';
import { addOnCascade, CascadeCommand, DomainError, effectiveAtOf, Subscription, SubscriptionCommand, SubscriptionEvent, subscriptionDecider, SubscriptionState } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { comparePositions, EVENT_STORE, EventStore, Position } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext } from '../commands/command-context';
import { NotFoundError } from '../commands/application-errors';
import { cachedStream, decideAndAppend, DecisionResult } from '../commands/stream-decision';
import { deterministicId } from '../commands/deterministic-id';
import { isSubscription, subscriptionModel, subscriptionStream } from './subscription-streams';
import { subscriptionView, SubscriptionView } from './subscription-view';

export interface SubscriptionCommandResult {
  subscription: SubscriptionView;
  appended: SubscriptionEvent[];
  position: Position | null;
  revision: number;
}

/** What a later command can undo: applied only to an add-on whose status has not changed since the base's event. */
const REVERSIBLE = new Set<SubscriptionCommand['type']>(['Suspend', 'Reactivate']);
/** The add-on events that are such a later change (a user's, or a cascade of a later base event). */
const STATUS_CHANGES = new Set(['SubscriptionSuspended', 'SubscriptionReactivated']);
/** How far back the guard looks through an add-on's events written since the base's event. */
const GUARD_LOOKBACK = 32;

/** A base's event as the cascade needs it: the fact, its stored id and place in the log. */
export interface BaseEvent {
  event: SubscriptionEvent;
  id: string;
  position: Position;
}

/**
 * Load, check the partner (R1), decide, append; then make the add-ons follow what the
 * base's events did (R15, `addOnCascade`). The add-on cascade process manager runs the
 * same `cascade` from the log, so what a crash left undone here is finished there.
 */
@Injectable()
export class SubscriptionCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(
    subscriptionId: string,
    command: SubscriptionCommand,
    context: CommandContext,
    eventId?: (event: SubscriptionEvent, index: number) => string,
  ): Promise<SubscriptionCommandResult> {
    const result = await this.decide(subscriptionId, command, context, { eventId });
    let position = result.position;
    const base = result.state as Subscription;
    for (const [index, event] of result.appended.entries()) {
      // Every event's own position is known only for a single-event decision; the guard
      // that needs it applies to suspensions and reactivations, which are single events.
      const cascaded = await this.cascade({ event, id: result.eventIds[index], position: result.position! }, base, context);
      if (comparePositions(cascaded, position) > 0) position = cascaded;
    }
    return { subscription: subscriptionView(base, result.revision ?? 0), appended: result.appended, position, revision: result.revision ?? 0 };
  }

  /**
   * R15: applies one base event to every add-on, each decided at the instant the event
   * took effect, with ids derived from the event (the inline path and the process manager
   * write the same events). One the command does not apply to (already suspended, already
   * on that term, ended) is left as it is; a suspension or reactivation is not applied to
   * an add-on written since the base's event (a user's later change to it stands).
   * `baseEvent.position` must be that event's own position. Returns the last position written.
   */
  async cascade(baseEvent: BaseEvent, base: Subscription, context: CommandContext): Promise<Position | null> {
    let position: Position | null = null;
    for (const cascade of addOnCascade(baseEvent.event, base)) {
      const written = await this.cascadeOne(cascade, baseEvent, { ...context, causationId: baseEvent.id, expectedRevision: undefined });
      if (comparePositions(written, position) > 0) position = written;
    }
    return position;
  }

  private async cascadeOne({ addOnId, command, at }: CascadeCommand, baseEvent: BaseEvent, context: CommandContext): Promise<Position | null> {
    try {
      const checked = REVERSIBLE.has(command.type) ? await this.unchangedUpTo(addOnId, baseEvent.position) : null;
      const result = await this.decide(addOnId, command, context, {
        eventId: (_event, index) => deterministicId('cascade', baseEvent.id, addOnId, String(index)),
        at: new Date(at),
        applies: (loaded) => !REVERSIBLE.has(command.type) || (checked !== null && comparePositions(loaded.position, checked) <= 0),
      });
      return result.appended.length ? result.position : null;
    } catch (error) {
      if (error instanceof DomainError || error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /**
   * The last position up to which the add-on's status stayed as it was at `since` (the
   * base's event), or null when it changed since. Events written since that change no
   * status (the cascade of the base's renewal, a charge, an auto-renew toggle) do not
   * stop a suspension or reactivation from following the base: only a later suspension
   * or reactivation of the add-on does (issue 19: a renewal cascaded after the base's
   * suspension left the add-on active under its suspended base). Anything written after
   * this read is, again, taken as a change.
   */
  private async unchangedUpTo(addOnId: string, since: Position): Promise<Position | null> {
    // Nothing since, as far as this process knows (a cache behind the log conflicts on append).
    const cached = cachedStream(this.eventStore, subscriptionStream(addOnId), subscriptionModel);
    if (cached && comparePositions(cached.position, since) < 0) return since;
    const recent = await this.eventStore.readStream(subscriptionStream(addOnId), { direction: 'backwards', maxCount: GUARD_LOOKBACK });
    const after = recent.filter((event) => comparePositions(event.position, since) > 0);
    if (after.length === 0) return since;
    if (after.length === GUARD_LOOKBACK || after.some((event) => STATUS_CHANGES.has(event.type))) return null;
    return after[0].position;
  }

  private decide(
    subscriptionId: string,
    command: SubscriptionCommand,
    context: CommandContext,
    options: { eventId?: (event: SubscriptionEvent, index: number) => string; at?: Date; applies?: (loaded: { position: Position | null }) => boolean },
  ): Promise<DecisionResult<SubscriptionState, SubscriptionEvent>> {
    return decideAndAppend(
      { eventStore: this.eventStore, clock: this.clock, ids: this.ids },
      {
        stream: subscriptionStream(subscriptionId),
        model: subscriptionModel,
        context,
        authorize: (state) => {
          if (!isSubscription(state) || state.partnerId !== context.actor.partnerId) throw new NotFoundError('subscription', subscriptionId);
        },
        decide: (state, now) => subscriptionDecider.decide(command, state, { now }),
        effectiveAt: effectiveAtOf,
        ...options,
      },
    );
  }
}
