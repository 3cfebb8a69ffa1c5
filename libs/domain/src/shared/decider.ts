/** A domain event before it is stored: the fact and its data, no metadata. */
export interface DomainEvent<T extends string = string, D extends object = object> {
  type: T;
  data: D;
}

/**
 * The decider pattern: `decide` turns a command and the current state into new
 * events (or throws DomainError); `evolve` folds events into state. Both pure:
 * "now" and anything else from outside comes in as arguments.
 */
export interface Decider<Command, Event extends DomainEvent, State, Context = { now: Date }> {
  initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[];
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State, unknown>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
